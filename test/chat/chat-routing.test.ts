// ChatRouting construct: FIFO turn queue, DLQ and alarms, router routes and grants, tenant-scoped role, cdk-nag.
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ENV } from '../../lambdas/shared/definitions';
import { ChatRouting } from '../../lib/constructs/chat-routing';
import { cellFixture, type CellFixture } from '../support/cell-fixture';
import { addNagPlugins, synthFindings } from '../support/nag-findings';

function build(fixture: CellFixture = cellFixture()) {
  const api = new apigwv2.WebSocketApi(fixture.stack, 'WebSocketApi', {
    routeSelectionExpression: '$request.body.action',
  });
  const stage = new apigwv2.WebSocketStage(fixture.stack, 'Stage', {
    webSocketApi: api,
    stageName: 'prod',
    autoDeploy: true,
  });
  const alarmTopic = new sns.Topic(fixture.stack, 'Alerts', { masterKey: fixture.data.dataKey });
  const routing = new ChatRouting(fixture.stack, 'ChatRouting', {
    alarmTopic,
    network: fixture.network,
    data: fixture.data,
    settings: fixture.settings,
    api,
    stage,
  });
  return { fixture, routing, api, stage };
}

const built = build();
const template = Template.fromStack(built.fixture.stack);
const resources = (type: string) => Object.values(template.findResources(type)) as Array<{ Properties: any }>;
const fifoQueue = (dlq: boolean) =>
  resources('AWS::SQS::Queue').find(
    (q) => q.Properties.FifoQueue && Boolean(q.Properties.RedrivePolicy) !== dlq,
  )!.Properties;
const routerLogicalId = () =>
  Object.entries(template.findResources('AWS::Lambda::Function')).find(
    ([, f]) => (f as any).Properties.Environment?.Variables?.[ENV.turnQueueUrl],
  )![0];
const policiesOfRole = (roleLogicalId: string) =>
  resources('AWS::IAM::Policy')
    .filter((p) => JSON.stringify(p.Properties.Roles).includes(roleLogicalId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as any[]);
const routerRoleId = () =>
  template.findResources('AWS::Lambda::Function')[routerLogicalId()]!.Properties.Role['Fn::GetAtt'][0];
const tenantRoleId = () =>
  Object.entries(template.findResources('AWS::IAM::Role')).find(([, r]) =>
    String((r as any).Properties.Description).startsWith('Per-tenant session role'),
  )![0];

describe('turn queue', () => {
  it('is FIFO with explicit deduplication ids (content-based deduplication off)', () => {
    expect(fifoQueue(false)).toMatchObject({ FifoQueue: true, ContentBasedDeduplication: false });
  });

  it('keeps order per conversation with per-group throughput', () => {
    expect(fifoQueue(false)).toMatchObject({
      DeduplicationScope: 'messageGroup',
      FifoThroughputLimit: 'perMessageGroupId',
    });
  });

  it('has a visibility timeout of at least six times the worker timeout (120 s)', () => {
    expect(fifoQueue(false).VisibilityTimeout).toBeGreaterThanOrEqual(6 * 120);
  });

  it('redrives to a FIFO dead-letter queue after 5 receives', () => {
    const redrive = fifoQueue(false).RedrivePolicy;
    expect(redrive.maxReceiveCount).toBe(5);
    expect(fifoQueue(true).FifoQueue).toBe(true);
    expect(JSON.stringify(redrive.deadLetterTargetArn)).toContain('TurnDeadLetterQueue');
  });

  it('encrypts both queues with the cell data key', () => {
    for (const dlq of [false, true])
      expect(JSON.stringify(fifoQueue(dlq).KmsMasterKeyId)).toContain('DataKey');
  });

  it('refuses non-TLS access to both queues', () => {
    const statements = resources('AWS::SQS::QueuePolicy').flatMap(
      (p) => p.Properties.PolicyDocument.Statement as any[],
    );
    expect(
      statements.filter((s) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false'),
    ).toHaveLength(2);
  });
});

describe('lifecycle', () => {
  it('retains both queues in production', () => {
    const prod = cellFixture('ProdCell');
    build({ ...prod, settings: { ...prod.settings, production: true } });
    const queues = Object.values(Template.fromStack(prod.stack).findResources('AWS::SQS::Queue')) as any[];
    expect(queues.map((q) => q.DeletionPolicy)).toEqual(['Retain', 'Retain']);
  });
});

describe('alarms', () => {
  it('alarms on any message in the dead-letter queue', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('TurnDeadLetterQueue'), 'QueueName'] },
        },
      ],
    });
  });

  it('alarms on the age of the oldest waiting turn', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateAgeOfOldestMessage',
      Threshold: 300,
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('ChatRoutingTurnQueue'), 'QueueName'] },
        },
      ],
    });
  });
});

describe('alarm actions', () => {
  it('notifies the alert topic when either queue alarm fires or clears', () => {
    for (const alarm of resources('AWS::CloudWatch::Alarm')) {
      expect(JSON.stringify(alarm.Properties.AlarmActions)).toContain('Alerts');
      expect(JSON.stringify(alarm.Properties.OKActions)).toContain('Alerts');
    }
  });
});

describe('router', () => {
  it('has reserved concurrency to cap the blast radius of a flood', () => {
    expect(
      template.findResources('AWS::Lambda::Function')[routerLogicalId()]!.Properties
        .ReservedConcurrentExecutions,
    ).toBe(100);
  });

  it('serves sendMessage, resume, typing, ping and $default with one Lambda integration', () => {
    const routeKeys = resources('AWS::ApiGatewayV2::Route')
      .map((r) => r.Properties.RouteKey)
      .sort();
    expect(routeKeys).toEqual(['$default', 'ping', 'resume', 'sendMessage', 'typing']);
    expect(resources('AWS::ApiGatewayV2::Integration')).toHaveLength(1);
  });

  it('gets the tables, queue, callback URL and tenant-scoped role through its environment', () => {
    const variables =
      template.findResources('AWS::Lambda::Function')[routerLogicalId()]!.Properties.Environment.Variables;
    for (const name of [
      ENV.conversationsTable,
      ENV.sessionsTable,
      ENV.tenantsTable,
      ENV.turnQueueUrl,
      ENV.websocketCallbackUrl,
      ENV.tenantScopedRoleArn,
      ENV.cellRegion,
      ENV.conversationRetentionDays,
    ])
      expect(variables[name]).toBeDefined();
    expect(JSON.stringify(variables[ENV.websocketCallbackUrl])).toContain('/prod');
  });

  it('may post only to the @connections API of its own stage', () => {
    const manage = policiesOfRole(routerRoleId()).filter((s) =>
      [s.Action].flat().includes('execute-api:ManageConnections'),
    );
    expect(manage).toHaveLength(1);
    expect(JSON.stringify(manage[0].Resource)).toContain('/prod/*/@connections/*');
  });

  it('has no direct DynamoDB access: tenant data only through the tenant-scoped role', () => {
    const actions = policiesOfRole(routerRoleId()).flatMap((s) => [s.Action].flat() as string[]);
    expect(actions.filter((a) => a.startsWith('dynamodb:'))).toEqual([]);
    expect(actions).toEqual(expect.arrayContaining(['sqs:SendMessage', 'sts:AssumeRole', 'sts:TagSession']));
  });

  it('may assume the tenant-scoped role only with a tenant session tag', () => {
    const assume = policiesOfRole(routerRoleId()).find((s) => [s.Action].flat().includes('sts:AssumeRole'));
    expect(assume.Condition).toEqual({
      StringLike: { 'aws:RequestTag/tenant': '?*' },
      'ForAllValues:StringEquals': { 'aws:TagKeys': ['tenant'] },
    });
  });
});

describe('tenant-scoped role', () => {
  const statements = () => policiesOfRole(tenantRoleId());

  it('trusts only the router role, with session tags', () => {
    const trust =
      template.findResources('AWS::IAM::Role')[tenantRoleId()]!.Properties.AssumeRolePolicyDocument.Statement;
    expect(trust).toEqual([
      {
        Effect: 'Allow',
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Principal: { AWS: { 'Fn::GetAtt': [routerRoleId(), 'Arn'] } },
      },
    ]);
  });

  it('limits every DynamoDB statement to leading keys of the tagged tenant', () => {
    const dynamo = statements().filter((s) =>
      [s.Action].flat().some((a: string) => a.startsWith('dynamodb:')),
    );
    expect(dynamo).toHaveLength(2);
    for (const s of dynamo) {
      const leadingKeys = s.Condition['ForAllValues:StringLike']['dynamodb:LeadingKeys'] as string[];
      expect(leadingKeys.every((k) => k.startsWith('t#${aws:PrincipalTag/tenant}'))).toBe(true);
      expect(s.Condition.Null).toEqual({ 'aws:PrincipalTag/tenant': 'false' });
    }
  });

  it('never allows Scan (which has no leading key to check)', () => {
    const actions = statements().flatMap((s) => [s.Action].flat() as string[]);
    expect(actions).not.toContain('dynamodb:Scan');
    expect(actions.some((a) => a.includes('*'))).toBe(false);
  });

  it("reads only the tagged tenant's prefix of the knowledge bucket", () => {
    const s3 = statements().filter((s) => [s.Action].flat().some((a: string) => a.startsWith('s3:')));
    const getObject = s3.find((s) => s.Action === 's3:GetObject');
    expect(JSON.stringify(getObject.Resource)).toContain('/t/${aws:PrincipalTag/tenant}/*');
    const list = s3.find((s) => s.Action === 's3:ListBucket');
    expect(list.Condition.StringLike).toEqual({ 's3:prefix': ['t/${aws:PrincipalTag/tenant}/*'] });
  });

  it('uses the data key only through DynamoDB and S3', () => {
    const kms = statements().find((s) => [s.Action].flat().some((a: string) => a.startsWith('kms:')));
    expect(kms.Condition.StringEquals['kms:ViaService']).toEqual([
      'dynamodb.eu-west-1.amazonaws.com',
      's3.eu-west-1.amazonaws.com',
    ]);
  });
});

describe('cdk-nag', () => {
  it('has no unacknowledged AwsSolutions, Serverless, NIST 800-53 R5 or PCI DSS 3.2.1 finding in the construct', () => {
    const fixture = cellFixture('NagCell');
    addNagPlugins(fixture.app);
    build(fixture);
    const findings = synthFindings(fixture.app).map((f) => `${f.id} | ${f.path}`);
    expect(findings.filter((f) => f.includes('/ChatRouting/'))).toEqual([]);
  });
});
