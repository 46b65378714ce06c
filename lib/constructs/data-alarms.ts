// CloudWatch alarms on a cell's data plane (throttling, replication lag and failures) to the alert topic.
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

export interface DataAlarmsProps {
  readonly alertTopic: sns.ITopic;
  /** Physical names of the tables visible in this cell. */
  readonly tableNames: readonly string[];
  /** In the primary: global table names and the regions their replicas live in. @default - none */
  readonly replication?: {
    readonly globalTableNames: readonly string[];
    readonly replicaRegions: readonly string[];
    /** Source knowledge bucket and the destination bucket name per rule id (`to-<region>`). */
    readonly sourceBucketName: string;
    readonly destinations: readonly { readonly ruleId: string; readonly bucketName: string }[];
  };
  /** Replication lag that raises an alarm. @default 5 minutes */
  readonly maxReplicationLatency?: Duration;
}

export class DataAlarms extends Construct {
  public readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: DataAlarmsProps) {
    super(scope, id);
    const add = (alarmId: string, metric: cloudwatch.IMetric, threshold: number, description: string) => {
      const alarm = new cloudwatch.Alarm(this, alarmId, {
        metric,
        threshold,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      alarm.addAlarmAction(new actions.SnsAction(props.alertTopic));
      alarm.addOkAction(new actions.SnsAction(props.alertTopic));
      this.alarms.push(alarm);
    };
    const sum = (namespace: string, metricName: string, dimensionsMap: Record<string, string>) =>
      new cloudwatch.Metric({
        namespace,
        metricName,
        dimensionsMap,
        statistic: 'Sum',
        period: Duration.minutes(5),
      });

    props.tableNames.forEach((tableName, i) => {
      for (const metricName of ['ReadThrottleEvents', 'WriteThrottleEvents']) {
        add(
          `${metricName}${i}`,
          sum('AWS/DynamoDB', metricName, { TableName: tableName }),
          50,
          `${tableName}: ${metricName}`,
        );
      }
    });

    const replication = props.replication;
    if (!replication) return;
    const maxLatencyMs = (props.maxReplicationLatency ?? Duration.minutes(5)).toMilliseconds();
    replication.globalTableNames.forEach((tableName, i) => {
      replication.replicaRegions.forEach((region, j) => {
        const latency = new cloudwatch.Metric({
          namespace: 'AWS/DynamoDB',
          metricName: 'ReplicationLatency',
          dimensionsMap: { TableName: tableName, ReceivingRegion: region },
          statistic: 'Average',
          period: Duration.minutes(5),
        });
        add(
          `ReplicationLatency${i}x${j}`,
          latency,
          maxLatencyMs,
          `${tableName} → ${region}: replication lag`,
        );
      });
    });
    replication.destinations.forEach((destination, i) => {
      const failed = sum('AWS/S3', 'OperationsFailedReplication', {
        SourceBucket: replication.sourceBucketName,
        DestinationBucket: destination.bucketName,
        RuleId: destination.ruleId,
      });
      add(
        `KnowledgeReplicationFailed${i}`,
        failed,
        1,
        `${replication.sourceBucketName} → ${destination.bucketName}: failed replication`,
      );
    });
  }
}
