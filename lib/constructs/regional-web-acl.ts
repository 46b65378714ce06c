// REGIONAL WAFv2 web ACL for the cell's public ALB: AWS managed rule groups, a per-IP rate rule, logging.
import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

export interface RegionalWebAclProps {
  /** Name prefix of the ACL, its metrics and its log group (e.g. `livechat-dev-eu-west-1-partner`). */
  readonly namePrefix: string;
  /** Requests one IP may send in 5 minutes before it is blocked. */
  readonly rateLimitPer5Min: number;
  /** Key encrypting the WAF log group. */
  readonly logKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

const MANAGED_RULE_GROUPS = [
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
] as const;

const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  metricName,
  sampledRequestsEnabled: true,
});

/** A REGIONAL web ACL; `associate(arn)` attaches it to a load balancer. */
export class RegionalWebAcl extends Construct {
  public readonly webAcl: wafv2.CfnWebACL;
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: RegionalWebAclProps) {
    super(scope, id);
    const managedRules: wafv2.CfnWebACL.RuleProperty[] = MANAGED_RULE_GROUPS.map((name, index) => ({
      name,
      priority: 10 + index,
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
      visibilityConfig: visibility(`${props.namePrefix}-${name}`),
    }));
    const rateRule: wafv2.CfnWebACL.RuleProperty = {
      name: 'RatePerIp',
      priority: 1,
      action: { block: {} },
      statement: { rateBasedStatement: { limit: props.rateLimitPer5Min, aggregateKeyType: 'IP' } },
      visibilityConfig: visibility(`${props.namePrefix}-rate-per-ip`),
    };

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      description: `${props.namePrefix}: managed rules and a per-IP rate limit in front of the public ALB`,
      rules: [rateRule, ...managedRules],
      visibilityConfig: visibility(`${props.namePrefix}-web-acl`),
    });

    // WAF only logs to log groups whose name starts with `aws-waf-logs-`.
    const logGroupName = `aws-waf-logs-${props.namePrefix}-${Stack.of(this).region}`;
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName,
      encryptionKey: props.logKey,
      retention: props.logRetention,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    const logging = new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      // WAF wants the log group ARN without the trailing `:*` that LogGroup.logGroupArn carries.
      logDestinationConfigs: [
        Stack.of(this).formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: logGroupName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
      // The admin listener's session cookies (AWSELBAuthSessionCookie-*) are bearer credentials.
      redactedFields: [{ singleHeader: { Name: 'authorization' } }, { singleHeader: { Name: 'cookie' } }],
    });
    logging.node.addDependency(this.logGroup);
  }

  /** Attaches the ACL to a regional resource such as an ALB. */
  public associate(id: string, resourceArn: string): wafv2.CfnWebACLAssociation {
    return new wafv2.CfnWebACLAssociation(this, id, { resourceArn, webAclArn: this.webAcl.attrArn });
  }
}
