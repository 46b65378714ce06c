// A KMS-encrypted, TLS-only SNS topic that EventBridge rules and CloudWatch alarms publish security alerts to.
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface SecurityAlertTopicProps {
  /** E-mail address subscribed to the alerts. @default - no subscription */
  readonly email?: string;
  /** Removal policy of the key. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/** The topic, its customer-managed key and a dead-letter queue for undeliverable alert events. */
export class SecurityAlertTopic extends Construct {
  public readonly topic: sns.Topic;
  public readonly key: kms.Key;
  /** Dead-letter queue for EventBridge targets that could not deliver to the topic. */
  public readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: SecurityAlertTopicProps = {}) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: 'Encrypts security alerts (SNS topic and its dead-letter queue)',
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    for (const service of ['events.amazonaws.com', 'cloudwatch.amazonaws.com', 'sns.amazonaws.com']) {
      this.key.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: `Allow${service.split('.')[0]}ToPublishEncryptedAlerts`,
          principals: [new iam.ServicePrincipal(service)],
          actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
          resources: ['*'],
        }),
      );
    }
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'Security alerts',
      masterKey: this.key,
      enforceSSL: true,
    });
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge(
      {
        id: 'AwsSolutions::AwsSolutions-SQS3',
        reason: 'This queue is itself the dead-letter queue of the alert rules.',
      },
      {
        id: 'Serverless::Serverless-SQSRedrivePolicy',
        reason: 'This queue is itself the dead-letter queue of the alert rules.',
      },
    );
    if (props.email) {
      this.topic.addSubscription(
        new subscriptions.EmailSubscription(props.email, { deadLetterQueue: this.deadLetterQueue }),
      );
    }
  }
}
