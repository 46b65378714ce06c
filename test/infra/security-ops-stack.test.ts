// Security-operations stack properties: GuardDuty switch, high-severity alerts, alarms, backup, the account trail.
import { Match } from 'aws-cdk-lib/assertions';
import type { Template } from 'aws-cdk-lib/assertions';
import { buildApp, resourcesOf, testConfig, type BuiltApp } from './support/synth-app';

let dev: BuiltApp;
let prod: BuiltApp;
let primary: Template;
let replica: Template;

beforeAll(() => {
  dev = buildApp(testConfig('dev'));
  prod = buildApp(testConfig('prod'));
  primary = dev.template(dev.cell('eu-west-1').secops);
  replica = dev.template(dev.cell('us-east-1').secops);
});

describe('security operations stack', () => {
  it('creates a GuardDuty detector in every cell when the switch says create', () => {
    for (const cell of dev.cells) {
      dev.template(cell.secops).hasResourceProperties('AWS::GuardDuty::Detector', {
        Enable: true,
        Features: Match.arrayWith([{ Name: 'S3_DATA_EVENTS', Status: 'ENABLED' }]),
      });
    }
  });

  it('adopts the existing detector (creates none) when the switch says existing', () => {
    for (const cell of prod.cells) prod.template(cell.secops).resourceCountIs('AWS::GuardDuty::Detector', 0);
  });

  it('sends GuardDuty findings of severity >= 7 to the alert topic, with a dead-letter queue', () => {
    for (const t of [primary, prod.template(prod.cell('eu-west-1').secops)]) {
      t.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: {
          source: ['aws.guardduty'],
          'detail-type': ['GuardDuty Finding'],
          detail: { severity: [{ numeric: ['>=', 7] }] },
        },
        Targets: [
          Match.objectLike({
            Arn: { Ref: Match.stringLikeRegexp('AlertsTopic') },
            DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('AlertsUndelivered'), 'Arn'] } },
          }),
        ],
      });
    }
  });

  it('encrypts the alert topic with a customer-managed key and refuses non-TLS publishing', () => {
    primary.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('AlertsKey'), 'Arn'] },
    });
    primary.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    primary.hasResourceProperties('AWS::SQS::Queue', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('AlertsKey'), 'Arn'] },
    });
  });

  it('lets only alarms of this account publish to the alert topic (confused deputy)', () => {
    primary.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AlarmsOfThisAccountPublish',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } },
          }),
        ]),
      },
    });
  });

  it('subscribes the configured e-mail address to the alert topic', () => {
    primary.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: dev.config.alertEmail,
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue() },
    });
  });

  it('alarms on table throttling, replication lag and failed knowledge replication, notifying the topic', () => {
    const alarms = resourcesOf(primary, 'AWS::CloudWatch::Alarm').map(([, r]) => r.Properties);
    const metrics = new Set(alarms.map((a) => a.MetricName));
    expect([...metrics].sort()).toEqual([
      'OperationsFailedReplication',
      'ReadThrottleEvents',
      'ReplicationLatency',
      'WriteThrottleEvents',
    ]);
    for (const alarm of alarms) {
      expect(alarm.AlarmActions).toEqual([{ Ref: expect.stringMatching(/AlertsTopic/) }]);
    }
    const replicaMetrics = new Set(
      resourcesOf(replica, 'AWS::CloudWatch::Alarm').map(([, r]) => r.Properties.MetricName),
    );
    expect([...replicaMetrics].sort()).toEqual(['ReadThrottleEvents', 'WriteThrottleEvents']);
  });

  it('backs up the global tables and the knowledge bucket daily with a copy to the next cell vault', () => {
    primary.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanRule: [
          Match.objectLike({
            ScheduleExpression: 'cron(0 3 * * ? *)',
            Lifecycle: { DeleteAfterDays: dev.config.retention.backupDays },
            CopyActions: [
              {
                DestinationBackupVaultArn:
                  'arn:aws:backup:us-east-1:111111111111:backup-vault:livechat-dev-us-east-1-vault',
                Lifecycle: { DeleteAfterDays: dev.config.retention.backupDays },
              },
            ],
          }),
        ],
      },
    });
    const [[, selection]] = resourcesOf(primary, 'AWS::Backup::BackupSelection');
    const resources = JSON.stringify(selection.Properties.BackupSelection.Resources);
    for (const table of ['tenants', 'conversations', 'audit'])
      expect(resources).toContain(`table/livechat-dev-${table}`);
    expect(resources).toContain('KnowledgeSecureBucket');
    expect(dev.cell('eu-west-1').secops.dependencies.map((s) => s.stackName)).toContain(
      'livechat-dev-us-east-1-secops',
    );
  });

  it('keeps every cell vault encrypted with its own key, deletion-blocked, and locked in production', () => {
    for (const cell of dev.cells) {
      dev.template(cell.secops).hasResourceProperties('AWS::Backup::BackupVault', {
        BackupVaultName: `livechat-dev-${cell.region}-vault`,
        EncryptionKeyArn: Match.anyValue(),
        AccessPolicy: {
          Statement: [
            Match.objectLike({ Effect: 'Deny', Action: Match.arrayWith(['backup:DeleteRecoveryPoint']) }),
          ],
        },
      });
    }
    replica.resourceCountIs('AWS::Backup::BackupPlan', 0);
    prod.template(prod.cell('eu-west-1').secops).hasResourceProperties('AWS::Backup::BackupVault', {
      LockConfiguration: { MinRetentionDays: prod.config.retention.backupDays },
    });
  });

  it('reports failed backup, copy and restore jobs to the alert topic', () => {
    primary.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.backup'], detail: { state: ['FAILED', 'ABORTED', 'EXPIRED'] } },
    });
  });

  it('creates one account trail, in the primary cell only', () => {
    primary.resourceCountIs('AWS::CloudTrail::Trail', 1);
    for (const cell of dev.cells.filter((c) => c.region !== 'eu-west-1')) {
      dev.template(cell.secops).resourceCountIs('AWS::CloudTrail::Trail', 0);
    }
  });

  it('makes the trail multi-region with log file validation, KMS and CloudWatch Logs', () => {
    primary.hasResourceProperties('AWS::CloudTrail::Trail', {
      IsMultiRegionTrail: true,
      IncludeGlobalServiceEvents: true,
      EnableLogFileValidation: true,
      IsLogging: true,
      KMSKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('AccountTrailKey'), 'Arn'] },
      CloudWatchLogsLogGroupArn: Match.anyValue(),
      S3BucketName: { Ref: Match.stringLikeRegexp('AccountTrailBucket') },
    });
  });

  it('records data events for every cell knowledge bucket and table', () => {
    const [[, trail]] = resourcesOf(primary, 'AWS::CloudTrail::Trail');
    const selectors = trail.Properties.AdvancedEventSelectors as { Name: string; FieldSelectors: any[] }[];
    const field = (name: string, f: string) =>
      selectors.find((s) => s.Name === name)!.FieldSelectors.find((x: { Field: string }) => x.Field === f);
    expect(field('Management events', 'eventCategory').Equals).toEqual(['Management']);
    expect(field('Knowledge bucket objects', 'resources.type').Equals).toEqual(['AWS::S3::Object']);
    expect(field('Knowledge bucket objects', 'resources.ARN').StartsWith).toEqual(
      dev.config.cells.map((c) => `arn:aws:s3:::livechat-dev-kb-111111111111-${c.region}/`),
    );
    const tableArns = field('Tables', 'resources.ARN').Equals as string[];
    for (const cell of dev.config.cells) {
      for (const table of ['tenants', 'conversations', 'sessions', 'audit']) {
        expect(tableArns).toContain(
          `arn:aws:dynamodb:${cell.region}:111111111111:table/livechat-dev-${table}`,
        );
      }
    }
  });

  it('lets CloudTrail use the trail key only for this trail', () => {
    primary.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'CloudTrailEncryptsThisTrail',
            Principal: { Service: 'cloudtrail.amazonaws.com' },
            Condition: Match.objectLike({
              StringEquals: { 'aws:SourceArn': Match.objectLike({ 'Fn::Join': Match.anyValue() }) },
            }),
          }),
        ]),
      },
    });
  });

  it('adopts an existing trail instead of creating one when the switch says existing', () => {
    const arn = 'arn:aws:cloudtrail:eu-west-1:111111111111:trail/org-trail';
    const adopted = buildApp(
      testConfig('dev', (c) => (c.cloudTrail = { mode: 'existing', existingTrailArn: arn })),
    );
    const secops = adopted.cell('eu-west-1').secops;
    adopted.template(secops).resourceCountIs('AWS::CloudTrail::Trail', 0);
    expect(secops.trailArn).toBe(arn);
  });
});
