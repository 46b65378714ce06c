// A KMS-encrypted, TLS-only SNS topic for security and operations alerts, with an e-mail subscription.
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

/** Services that encrypt with the alert key: rule targets, alarm actions, SNS writing to the DLQ. */
export const ALERT_KEY_USERS = ['events.amazonaws.com', 'cloudwatch.amazonaws.com', 'sns.amazonaws.com'];

export interface AlertTopicProps {
  /** Who receives the alerts. */
  readonly email: string;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

export class AlertTopic extends Construct {
  public readonly topic: sns.Topic;
  public readonly key: kms.Key;
  /** Alerts that EventBridge or SNS could not deliver land here (14 days) instead of vanishing. */
  public readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: AlertTopicProps) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: `${this.node.path}: security and operations alerts`,
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AlertKeyUsers',
        principals: ALERT_KEY_USERS.map((service) => new iam.ServicePrincipal(service)),
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    this.deadLetterQueue = new sqs.Queue(this, 'Undelivered', {
      encryptionMasterKey: this.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    const isDlq = 'This queue is itself the dead-letter queue of the alert rules and subscriptions.';
    Validations.of(this.deadLetterQueue).acknowledge({ id: 'AwsSolutions-SQS3', reason: isDlq });
    Validations.of(this.deadLetterQueue).acknowledge({ id: 'Serverless-SQSRedrivePolicy', reason: isDlq });
    this.topic = new sns.Topic(this, 'Topic', {
      masterKey: this.key,
      enforceSSL: true,
      displayName: 'Live chat security and operations alerts',
    });
    this.topic.addSubscription(
      new subscriptions.EmailSubscription(props.email, { deadLetterQueue: this.deadLetterQueue }),
    );
    // Alarm actions of this account only (EventBridge targets add their own statement).
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AlarmsOfThisAccountPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
  }

  /** An EventBridge target that publishes to the topic, retrying and keeping failures in the DLQ. */
  public ruleTarget(): targets.SnsTopic {
    return new targets.SnsTopic(this.topic, { deadLetterQueue: this.deadLetterQueue, retryAttempts: 8 });
  }
}
