// LlmWorker construct: security properties of the synthesized template, one test per property.
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { ENV, MCP_CLIENT_CERTIFICATE_SECRET } from '../../lambdas/shared/definitions';
import { LlmWorker } from '../../lib/constructs/llm-worker';
import { cellFixture } from '../support/cell-fixture';
import { addNagPlugins, synthFindings } from '../support/nag-findings';

// Synth without bundling: these tests read the template, not the code asset.
process.env.CDK_CONTEXT_JSON = JSON.stringify({ 'aws:cdk:bundling-stacks': [] });

function build(
  queueFifo = true,
  scoped = false,
  fixture?: ReturnType<typeof cellFixture>,
  /** null: no dead-letter queue. */
  maxReceiveCount: number | null = 5,
) {
  const fx = fixture ?? cellFixture('LlmWorkerTest');
  const deadLetters = new sqs.Queue(fx.stack, 'TurnsDlq', {
    fifo: queueFifo,
    encryptionMasterKey: fx.data.dataKey,
  });
  const turnQueue = new sqs.Queue(fx.stack, 'Turns', {
    fifo: queueFifo,
    encryptionMasterKey: fx.data.dataKey,
    visibilityTimeout: Duration.seconds(720),
    ...(maxReceiveCount === null ? {} : { deadLetterQueue: { queue: deadLetters, maxReceiveCount } }),
  });
  const trusted: iam.IRole[] = [];
  const scopedRole = new iam.Role(fx.stack, 'TenantScoped', { assumedBy: new iam.AccountRootPrincipal() });
  const worker = new LlmWorker(fx.stack, 'LlmWorker', {
    ...(scoped
      ? { tenantScopedAccess: { role: scopedRole, allowAssume: (g: iam.IRole) => void trusted.push(g) } }
      : {}),
    vpc: fx.network.vpc,
    turnQueue,
    tenantsTable: fx.data.tables.tenants,
    conversationsTable: fx.data.tables.conversations,
    sessionsTable: fx.data.tables.sessions,
    knowledgeBucket: fx.data.knowledgeBucket,
    dataKey: fx.data.dataKey,
    logKey: fx.data.logKey,
    logRetention: logs.RetentionDays.ONE_MONTH,
    webSocketCallbackUrl: 'https://abc123.execute-api.eu-west-1.amazonaws.com/live',
    manageConnectionsArn: 'arn:aws:execute-api:eu-west-1:111111111111:abc123/live/POST/@connections/*',
    conversationRetentionDays: 30,
  });
  return { template: fixture ? undefined : Template.fromStack(fx.stack), worker, trusted, fx };
}

const template = build().template!;

function workerPolicyStatements(): Array<Record<string, unknown>> {
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.values(policies).flatMap(
    (p) =>
      (p as { Properties: { PolicyDocument: { Statement: Array<Record<string, unknown>> } } }).Properties
        .PolicyDocument.Statement,
  );
}

describe('LlmWorker', () => {
  it('consumes the turn queue one turn at a time with partial batch failure reporting', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 50 },
    });
  });

  it('refuses a standard (non-FIFO) queue', () => {
    expect(() => build(false)).toThrow(/FIFO/);
  });

  it("gives up on a turn on the queue's own last receive (its dead-letter maxReceiveCount)", () => {
    const worker = (count: number) =>
      Object.values(
        build(true, false, undefined, count).template!.findResources('AWS::Lambda::Function'),
      ).find((f: any) => f.Properties.Environment?.Variables?.TURN_MAX_RECEIVE_COUNT) as any;
    expect(worker(5).Properties.Environment.Variables.TURN_MAX_RECEIVE_COUNT).toBe('5');
    expect(worker(7).Properties.Environment.Variables.TURN_MAX_RECEIVE_COUNT).toBe('7');
  });

  it('refuses a turn queue without a dead-letter queue', () => {
    expect(() => build(true, false, undefined, null)).toThrow(/dead-letter queue/);
  });

  it('allows only HTTPS egress and no ingress', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('LlmWorker'),
      SecurityGroupEgress: [Match.objectLike({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443 })],
    });
    const groups = template.findResources('AWS::EC2::SecurityGroup', {
      Properties: { GroupDescription: Match.stringLikeRegexp('LlmWorker') },
    });
    for (const g of Object.values(groups))
      expect((g as { Properties: Record<string, unknown> }).Properties.SecurityGroupIngress).toBeUndefined();
  });

  it('runs in the private subnets of the VPC', () => {
    const fn = Object.values(
      template.findResources('AWS::Lambda::Function', {
        Properties: { Description: Match.stringLikeRegexp('conversation turn') },
      }),
    )[0] as { Properties: { VpcConfig: { SubnetIds: Array<{ Ref: string }> } } };
    const subnets = fn.Properties.VpcConfig.SubnetIds.map((s) => s.Ref);
    expect(subnets).toHaveLength(2);
    expect(subnets.every((s) => /PrivateSubnet/.test(s))).toBe(true);
  });

  it('encrypts the provider API-key secret with the customer-managed data key', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      KmsKeyId: Match.objectLike({ 'Fn::GetAtt': [Match.stringLikeRegexp('DataKey'), 'Arn'] }),
    });
  });

  it('passes the secret ARN, never a key value, in the environment', () => {
    const fn = Object.values(
      template.findResources('AWS::Lambda::Function', {
        Properties: { Description: Match.stringLikeRegexp('conversation turn') },
      }),
    )[0] as { Properties: { Environment: { Variables: Record<string, unknown> } } };
    const vars = fn.Properties.Environment.Variables;
    expect(Object.keys(vars)).toEqual(
      expect.arrayContaining([
        ENV.llmSecretId,
        ENV.tenantsTable,
        ENV.conversationsTable,
        ENV.sessionsTable,
        ENV.knowledgeBucket,
        ENV.websocketCallbackUrl,
        ENV.conversationRetentionDays,
        ENV.cellRegion,
      ]),
    );
    expect(vars).not.toHaveProperty('OPENAI_API_KEY');
    expect(vars).not.toHaveProperty('ANTHROPIC_API_KEY');
    expect(vars[ENV.llmSecretId]).toEqual({ Ref: expect.stringMatching(/ApiKeys/) });
  });

  it('may post only to the stage connections of its WebSocket API', () => {
    const manage = workerPolicyStatements().filter((s) => JSON.stringify(s.Action).includes('execute-api'));
    expect(manage).toEqual([
      expect.objectContaining({
        Action: 'execute-api:ManageConnections',
        Resource: 'arn:aws:execute-api:eu-west-1:111111111111:abc123/live/POST/@connections/*',
      }),
    ]);
  });

  it('reads MCP client certificates only under the MCP secret prefix', () => {
    const statement = workerPolicyStatements().find((s) => s.Sid === 'ReadTenantMcpClientCertificates');
    expect(statement?.Action).toBe('secretsmanager:GetSecretValue');
    expect(JSON.stringify(statement?.Resource)).toContain(
      `:secret:${MCP_CLIENT_CERTIFICATE_SECRET.namePrefix}*${MCP_CLIENT_CERTIFICATE_SECRET.nameSuffix}-??????"`,
    );
  });

  it('may update only the usage-counter attributes of tenant keys in the tenants table, returning nothing', () => {
    const onTenants = (s: Record<string, unknown>) => JSON.stringify(s.Resource).includes('"Tenants');
    const updates = workerPolicyStatements().filter(
      (s) => onTenants(s) && [s.Action].flat().some((a) => a === 'dynamodb:UpdateItem' || a === 'dynamodb:*'),
    );
    expect(updates).toEqual([
      {
        Sid: 'UpdateUsageCountersOnly',
        Effect: 'Allow',
        Action: 'dynamodb:UpdateItem',
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^Tenants/), 'Arn'] },
        Condition: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['t#*'] },
          'ForAllValues:StringEquals': {
            'dynamodb:Attributes': ['pk', 'sk', 'tokens', 'costMicros', 'calls', 'countedAt'],
          },
          StringEqualsIfExists: { 'dynamodb:ReturnValues': ['NONE'] },
        },
      },
    ]);
  });

  it('decrypts with the data key only through Secrets Manager for the MCP secrets', () => {
    const statement = workerPolicyStatements().find(
      (s) => s.Action === 'kms:Decrypt' && JSON.stringify(s.Condition ?? {}).includes('kms:ViaService'),
    );
    expect(statement).toEqual(
      expect.objectContaining({
        Action: 'kms:Decrypt',
        Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
      }),
    );
  });

  it('cannot write to the knowledge bucket', () => {
    const actions = workerPolicyStatements().flatMap((s) => [s.Action].flat() as string[]);
    expect(actions.some((a) => /^s3:(Put|Delete)/.test(a) || a === 's3:*')).toBe(false);
    expect(actions).toEqual(expect.arrayContaining(['s3:GetObject', 's3:ListBucket']));
  });

  it('reads only the tenant prefixes of the knowledge bucket', () => {
    const statements = workerPolicyStatements();
    const get = statements.find((s) => s.Sid === 'ReadKnowledgeObjects');
    const list = statements.find((s) => s.Sid === 'ListKnowledgePrefixes');
    expect(JSON.stringify(get?.Resource)).toContain('/t/*');
    expect(list?.Condition).toEqual({ StringLike: { 's3:prefix': ['t/*'] } });
  });

  it('has no wildcard DynamoDB or IAM actions', () => {
    const actions = workerPolicyStatements().flatMap((s) => [s.Action].flat() as string[]);
    expect(actions).not.toContain('dynamodb:*');
    expect(actions.some((a) => a.startsWith('iam:'))).toBe(false);
    expect(actions).toContain('dynamodb:UpdateItem');
  });

  it('may only set goneAt on connection records, returning nothing', () => {
    const markGone = workerPolicyStatements().find((s) => s.Sid === 'MarkGoneConnectionsOnly');
    expect(markGone?.Action).toBe('dynamodb:UpdateItem');
    expect(markGone?.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['t#*'] },
      'ForAllValues:StringEquals': { 'dynamodb:Attributes': ['pk', 'sk', 'goneAt'] },
      StringEqualsIfExists: { 'dynamodb:ReturnValues': ['NONE'] },
    });
  });

  it('with tenant-scoped access, reaches conversations and knowledge only through the scoped role', () => {
    const { template: built, worker, trusted, fx } = build(true, true);
    const scopedTemplate = built!;
    expect(trusted).toEqual([worker.chatFunction.function.role]);
    const fn = Object.values(
      scopedTemplate.findResources('AWS::Lambda::Function', {
        Properties: { Description: Match.stringLikeRegexp('conversation turn') },
      }),
    )[0] as { Properties: { Environment: { Variables: Record<string, unknown> } } };
    expect(fn.Properties.Environment.Variables[ENV.tenantScopedRoleArn]).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/TenantScoped/), 'Arn'],
    });
    const workerPolicies = Object.entries(scopedTemplate.findResources('AWS::IAM::Policy')).filter(([id]) =>
      id.startsWith('LlmWorker'),
    );
    const resources = JSON.stringify(workerPolicies.map(([, p]) => p));
    const conversationsId = fx.stack.getLogicalId(
      fx.data.tables.conversations.node.defaultChild as unknown as import('aws-cdk-lib').CfnElement,
    );
    const bucketId = fx.stack.getLogicalId(
      fx.data.knowledgeBucket.node.defaultChild as unknown as import('aws-cdk-lib').CfnElement,
    );
    expect(resources).not.toContain(conversationsId);
    expect(resources).not.toContain(bucketId);
    // Control: without scoped access the worker's own policy does name them.
    const unscoped = JSON.stringify(
      Object.entries(template.findResources('AWS::IAM::Policy')).filter(([id]) => id.startsWith('LlmWorker')),
    );
    expect(unscoped).toContain(conversationsId);
    expect(unscoped).toContain(bucketId);
  });
});

describe('cdk-nag', () => {
  it('has no unacknowledged AwsSolutions, Serverless, NIST 800-53 R5 or PCI DSS 3.2.1 finding in the construct', () => {
    const fixture = cellFixture('NagCell');
    addNagPlugins(fixture.app);
    build(true, false, fixture);
    const findings = synthFindings(fixture.app).map((f) => `${f.id} | ${f.path}`);
    expect(findings.filter((f) => f.includes('/LlmWorker/'))).toEqual([]);
  });
});
