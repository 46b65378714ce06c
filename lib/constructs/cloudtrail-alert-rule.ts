// One EventBridge rule that turns a CloudTrail (or service) event pattern into a readable security alert.
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** EventBridge only delivers read-only management events (e.g. GetSecretValue) to rules in this state. */
export const ALL_MANAGEMENT_EVENTS_STATE = 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';

export interface CloudTrailAlertRuleProps {
  /** What the alert means, shown in the console and in the notification. */
  readonly description: string;
  readonly eventPattern: events.EventPattern;
  readonly topic: sns.ITopic;
  /** Queue for events the rule could not deliver to the topic. */
  readonly deadLetterQueue: sqs.IQueue;
  /**
   * Also match read-only management events (GetSecretValue, Describe*): sets the rule state to
   * `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS`. @default false
   */
  readonly includeReadOnlyManagementEvents?: boolean;
  /**
   * Send the whole event instead of the CloudTrail summary (who, what, where): for service events such
   * as Config, Access Analyzer, ACM or Backup, which carry no `userIdentity`. @default false
   */
  readonly fullEvent?: boolean;
}

/** A rule sending each matching event to the alert topic with who did what, where and from which IP. */
export class CloudTrailAlertRule extends Construct {
  public readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: CloudTrailAlertRuleProps) {
    super(scope, id);
    this.rule = new events.Rule(this, 'Rule', {
      description: props.description,
      eventPattern: props.eventPattern,
    });
    this.rule.addTarget(
      new targets.SnsTopic(props.topic, {
        deadLetterQueue: props.deadLetterQueue,
        retryAttempts: 8,
        message: props.fullEvent
          ? undefined
          : events.RuleTargetInput.fromObject({
              alert: props.description,
              account: events.EventField.account,
              region: events.EventField.region,
              time: events.EventField.time,
              detailType: events.EventField.detailType,
              eventName: events.EventField.fromPath('$.detail.eventName'),
              principal: events.EventField.fromPath('$.detail.userIdentity.arn'),
              sourceIp: events.EventField.fromPath('$.detail.sourceIPAddress'),
            }),
      }),
    );
    if (props.includeReadOnlyManagementEvents) {
      (this.rule.node.defaultChild as events.CfnRule).state = ALL_MANAGEMENT_EVENTS_STATE;
    }
  }
}
