// Alarms before an ACM certificate (e.g. the ALB's server certificate for the mTLS listener) expires.
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

export interface CertificateExpiryAlarmsProps {
  /** ACM certificate ARNs to watch. */
  readonly certificateArns: readonly string[];
  readonly alertTopic: sns.ITopic;
  /** Alarm when fewer days than this remain. @default 30 */
  readonly minimumDaysToExpiry?: number;
}

/** One `DaysToExpiry` alarm per certificate; missing data (metric gone) also alarms. */
export class CertificateExpiryAlarms extends Construct {
  public readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: CertificateExpiryAlarmsProps) {
    super(scope, id);
    const days = props.minimumDaysToExpiry ?? 30;
    this.alarms = props.certificateArns.map((arn, index) => {
      const alarm = new cloudwatch.Alarm(this, `Certificate${index}`, {
        alarmDescription: `ACM certificate ${arn} expires in fewer than ${days} days: renew or rotate it`,
        metric: new cloudwatch.Metric({
          namespace: 'AWS/CertificateManager',
          metricName: 'DaysToExpiry',
          dimensionsMap: { CertificateArn: arn },
          statistic: 'Minimum',
          period: Duration.days(1),
        }),
        threshold: days,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      });
      alarm.addAlarmAction(new actions.SnsAction(props.alertTopic));
      return alarm;
    });
  }
}
