// GuardDuty in one region (a new detector or an adopted one) and high-severity findings routed to the alert topic.
import * as events from 'aws-cdk-lib/aws-events';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import type { AlertTopic } from './alert-topic';
import { Construct } from 'constructs';

/** GuardDuty severities 7.0-8.9 are High and 9.0-10 Critical. */
export const ALERT_MIN_SEVERITY = 7;

export interface GuardDutyProps {
  /** `create` a detector, or use the `existing` one of the region (an organisation-managed detector). */
  readonly mode: 'create' | 'existing';
  /** Where findings of severity ≥ 7 go. */
  readonly alerts: AlertTopic;
}

export class GuardDuty extends Construct {
  /** The detector, when this construct created it. */
  public readonly detector?: guardduty.CfnDetector;
  public readonly findingsRule: events.Rule;

  constructor(scope: Construct, id: string, props: GuardDutyProps) {
    super(scope, id);
    if (props.mode === 'create') {
      this.detector = new guardduty.CfnDetector(this, 'Detector', {
        enable: true,
        findingPublishingFrequency: 'FIFTEEN_MINUTES',
        features: ['S3_DATA_EVENTS', 'LAMBDA_NETWORK_LOGS'].map((name) => ({
          name,
          status: 'ENABLED',
        })),
      });
    }
    // The rule matches the region's detector whichever stack or organisation created it.
    this.findingsRule = new events.Rule(this, 'HighSeverityFindings', {
      description: `GuardDuty findings with severity >= ${ALERT_MIN_SEVERITY} to the alert topic`,
      eventPattern: {
        source: ['aws.guardduty'],
        detailType: ['GuardDuty Finding'],
        detail: { severity: events.Match.greaterThanOrEqual(ALERT_MIN_SEVERITY) },
      },
      targets: [props.alerts.ruleTarget()],
    });
  }
}
