// WAFv2 web ACL: AWS managed rule groups, a per-IP rate rule, and logging with the token redacted.
import { RemovalPolicy, Stack, ArnFormat } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

/** The AWS managed rule groups every web ACL of the product uses, in priority order. */
export const MANAGED_RULE_GROUPS = [
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
] as const;

export interface WebAclProps {
  /** `CLOUDFRONT` (must be created in us-east-1) or `REGIONAL`. */
  readonly scope: 'CLOUDFRONT' | 'REGIONAL';
  /** Name of the web ACL and metric prefix. */
  readonly name: string;
  /** Requests per client IP per 5 minutes before the IP is blocked. */
  readonly rateLimitPer5Min: number;
  readonly logKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

export class WebAcl extends Construct {
  public readonly webAcl: wafv2.CfnWebACL;
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: WebAclProps) {
    super(scope, id);
    const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName,
    });
    const rateRule: wafv2.CfnWebACL.RuleProperty = {
      name: 'RateLimitPerIp',
      priority: 0,
      action: { block: {} },
      statement: { rateBasedStatement: { limit: props.rateLimitPer5Min, aggregateKeyType: 'IP' } },
      visibilityConfig: visibility(`${props.name}-rate`),
    };
    const managedRules = MANAGED_RULE_GROUPS.map((ruleGroup, i): wafv2.CfnWebACL.RuleProperty => ({
      name: ruleGroup,
      priority: 10 * (i + 1),
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: ruleGroup } },
      visibilityConfig: visibility(`${props.name}-${ruleGroup}`),
    }));
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: props.name,
      scope: props.scope,
      defaultAction: { allow: {} },
      visibilityConfig: visibility(props.name),
      rules: [rateRule, ...managedRules],
    });

    // WAF only logs to log groups named aws-waf-logs-*; the ARN must not end in ':*'.
    const logGroupName = `aws-waf-logs-${props.name}`;
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName,
      encryptionKey: props.logKey,
      retention: props.logRetention,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    const logGroupArn = Stack.of(this).formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: logGroupName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const logging = new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      logDestinationConfigs: [logGroupArn],
      // Session tokens travel in the WebSocket query string and the ALB admin session in the
      // AWSELBAuthSessionCookie-* cookies (bearer credentials): never write them to logs.
      redactedFields: [
        { queryString: {} },
        { singleHeader: { Name: 'authorization' } },
        { singleHeader: { Name: 'cookie' } },
      ],
    });
    logging.node.addDependency(this.logGroup);
  }
}
