// Function-level controls: reserved concurrency is required, and functions can be bound to the code-signing config.
import { App, Aspects, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { ChatFunction } from '../../lib/constructs/chat-function';
import { LambdaCodeSigning } from '../../lib/constructs/lambda-code-signing';
import { RequireReservedConcurrency } from '../../lib/governance/require-reserved-concurrency';
import { FUNCTIONS } from '../../lambdas/shared/definitions';

const ENV = { account: '111111111111', region: 'eu-west-1' };

/** A stack with one ChatFunction; bundling is skipped (the entries belong to other parts of the product). */
function functionStack(props: { reserved?: number; signed?: 'warn' | 'enforce'; bind?: boolean }): Stack {
  const app = new App({
    context: {
      'aws:cdk:bundling-stacks': [],
      [`availability-zones:account=${ENV.account}:region=${ENV.region}`]: ['eu-west-1a', 'eu-west-1b'],
    },
  });
  const stack = new Stack(app, 'Functions', { env: ENV });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const signing = props.signed
    ? new LambdaCodeSigning(stack, 'Signing', { enforcement: props.signed })
    : undefined;
  const router = new ChatFunction(stack, 'Router', {
    definition: { ...FUNCTIONS.chatRouter, entry: 'test/governance/fixtures/noop-handler.ts' },
    vpc,
    logRetention: logs.RetentionDays.ONE_MONTH,
    logKey: new kms.Key(stack, 'LogKey', { enableKeyRotation: true }),
    removalPolicy: RemovalPolicy.DESTROY,
    reservedConcurrentExecutions: props.reserved,
    codeSigningConfig: signing?.codeSigningConfig,
  });
  if (props.bind) {
    const tables = ['Conversations', 'Audit'].map(
      (id) =>
        new dynamodb.TableV2(stack, id, {
          partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
          removalPolicy: RemovalPolicy.DESTROY,
        }),
    );
    router.bindTable('CONVERSATIONS_TABLE', tables[0]!, 'read');
    const secrets = ['LlmKeys', 'SigningKeys'].map(
      (id) => new secretsmanager.Secret(stack, id, { removalPolicy: RemovalPolicy.DESTROY }),
    );
    router.bindSecret('LLM_API_KEYS_SECRET_ID', secrets[0]!);
  }
  Aspects.of(app).add(new RequireReservedConcurrency());
  app.synth();
  return stack;
}

describe('function guards', () => {
  it('synth fails for a function without reserved concurrency', () => {
    const stack = functionStack({});
    Annotations.fromStack(stack).hasError(
      '/Functions/Router',
      Match.stringLikeRegexp('set reservedConcurrentExecutions'),
    );
  });

  it('a function with reserved concurrency passes and the cap reaches the template', () => {
    const stack = functionStack({ reserved: 50 });
    expect(Annotations.fromStack(stack).findError('*', /reservedConcurrentExecutions/)).toEqual([]);
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      ReservedConcurrentExecutions: 50,
    });
  });

  it('a ChatFunction bound to the code-signing config carries its ARN and the config enforces the signer profile', () => {
    const template = Template.fromStack(functionStack({ reserved: 10, signed: 'enforce' }));
    const [configId] = Object.keys(template.findResources('AWS::Lambda::CodeSigningConfig'));
    template.hasResourceProperties('AWS::Lambda::Function', {
      CodeSigningConfigArn: { 'Fn::GetAtt': [configId, 'CodeSigningConfigArn'] },
    });
    const [profileId] = Object.keys(template.findResources('AWS::Signer::SigningProfile'));
    template.hasResourceProperties('AWS::Lambda::CodeSigningConfig', {
      AllowedPublishers: { SigningProfileVersionArns: [{ 'Fn::GetAtt': [profileId, 'ProfileVersionArn'] }] },
      CodeSigningPolicies: { UntrustedArtifactOnDeployment: 'Enforce' },
    });
  });

  it('every function has its own security group with no inbound rule and egress only on 443', () => {
    const template = Template.fromStack(functionStack({ reserved: 10 }));
    const groups = Object.entries(template.findResources('AWS::EC2::SecurityGroup')).filter(([id]) =>
      id.startsWith('Router'),
    );
    expect(groups).toHaveLength(1);
    const [groupId, group] = groups[0]!;
    expect(group.Properties.SecurityGroupIngress).toBeUndefined();
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
    expect(group.Properties.SecurityGroupEgress).toEqual([
      expect.objectContaining({ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }),
    ]);
    template.hasResourceProperties('AWS::Lambda::Function', {
      VpcConfig: { SecurityGroupIds: [{ 'Fn::GetAtt': [groupId, 'GroupId'] }] },
    });
  });

  it('bindTable read access grants no write action and names only that table', () => {
    const template = Template.fromStack(functionStack({ reserved: 10, bind: true }));
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (p) => p.Properties.PolicyDocument.Statement,
    );
    const dynamo = statements.filter((s: any) =>
      [].concat(s.Action).some((a: string) => a.startsWith('dynamodb:')),
    );
    const actions = dynamo.flatMap((s: any) => [].concat(s.Action)) as string[];
    expect(actions).toContain('dynamodb:GetItem');
    expect(actions.filter((a) => /Put|Update|Delete|Write/.test(a))).toEqual([]);
    const resources = JSON.stringify(dynamo.map((s: any) => s.Resource));
    expect(resources).toContain('Conversations');
    expect(resources).not.toContain('Audit');
  });

  it('bindSecret grants one function read access to that one secret only', () => {
    const template = Template.fromStack(functionStack({ reserved: 10, bind: true }));
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (p) => p.Properties.PolicyDocument.Statement,
    );
    const secretStatements = statements.filter((s: any) =>
      [].concat(s.Action).some((a: string) => a.startsWith('secretsmanager:')),
    );
    expect(secretStatements).toHaveLength(1);
    expect([].concat(secretStatements[0].Action).sort()).toEqual([
      'secretsmanager:DescribeSecret',
      'secretsmanager:GetSecretValue',
    ]);
    expect(secretStatements[0].Resource).toEqual({ Ref: expect.stringMatching(/^LlmKeys/) });
  });

  it('functions run on the managed Node.js 22 runtime with active tracing and a KMS-encrypted JSON log group', () => {
    const template = Template.fromStack(functionStack({ reserved: 10 }));
    const [logGroupId] = Object.keys(template.findResources('AWS::Logs::LogGroup'));
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: logGroupId } },
    });
    const [logKeyId] = Object.keys(template.findResources('AWS::KMS::Key'));
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      KmsKeyId: { 'Fn::GetAtt': [logKeyId, 'Arn'] },
      RetentionInDays: 30,
    });
  });
});
