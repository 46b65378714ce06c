// Shield Advanced (optional; Shield Standard is the always-on baseline): protections, a group and DDoS alarms.
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as shield from 'aws-cdk-lib/aws-shield';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

export interface ShieldProtectedResource {
  /** Short name (letters and digits), used in construct ids and the protection name. */
  readonly name: string;
  /** ARN of the ALB, CloudFront distribution, Elastic IP or Global Accelerator. */
  readonly arn: string;
  /**
   * Whether it serves HTTP behind a web ACL (ALB, CloudFront), which enables automatic L7 mitigation.
   * @default - read from the ARN (an unresolved token ARN counts as not HTTP)
   */
  readonly applicationLayer?: boolean;
}

const servesHttp = (resource: ShieldProtectedResource): boolean =>
  resource.applicationLayer ??
  (resource.arn.includes(':loadbalancer/app/') || resource.arn.startsWith('arn:aws:cloudfront::'));

export interface ShieldAdvancedProtectionProps {
  /** `livechat-dev`: prefixes names. */
  readonly prefix: string;
  readonly resources: readonly ShieldProtectedResource[];
  /** Topic the `DDoSDetected` alarms notify. */
  readonly alertTopic: sns.ITopic;
}

/**
 * Requires an active Shield Advanced subscription (a one-year commitment taken in the console or with
 * `aws shield create-subscription`, not by CloudFormation). Application-layer automatic mitigation
 * is enabled in Count mode first; switch it to Block after reviewing the WAF logs (docs/runbooks/ddos.md).
 */
export class ShieldAdvancedProtection extends Construct {
  public readonly protections: shield.CfnProtection[];
  public readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: ShieldAdvancedProtectionProps) {
    super(scope, id);
    if (props.resources.length === 0)
      throw new Error('Shield Advanced needs at least one resource to protect');
    this.protections = props.resources.map(
      (resource) =>
        new shield.CfnProtection(this, `${resource.name}Protection`, {
          name: `${props.prefix}-${resource.name}`,
          resourceArn: resource.arn,
          applicationLayerAutomaticResponseConfiguration: servesHttp(resource)
            ? { action: { count: {} }, status: 'ENABLED' }
            : undefined,
        }),
    );
    const group = new shield.CfnProtectionGroup(this, 'Group', {
      // Protection groups are account-global: the prefix carries the region; Shield allows 36 characters.
      protectionGroupId: `${props.prefix}-ddos`.slice(0, 36),
      aggregation: 'MAX',
      pattern: 'ARBITRARY',
      members: props.resources.map((resource) => resource.arn),
    });
    this.protections.forEach((protection) => group.node.addDependency(protection));
    this.alarms = props.resources.map((resource) => {
      const alarm = new cloudwatch.Alarm(this, `${resource.name}DdosDetected`, {
        alarmDescription: `Shield Advanced detected a DDoS event on ${resource.name}`,
        metric: new cloudwatch.Metric({
          namespace: 'AWS/DDoSProtection',
          metricName: 'DDoSDetected',
          dimensionsMap: { ResourceArn: resource.arn },
          statistic: 'Maximum',
          period: Duration.minutes(1),
        }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(new actions.SnsAction(props.alertTopic));
      return alarm;
    });
  }
}
