// Function-level controls: reserved concurrency is required, and functions can be bound to the code-signing config.
import { App, Aspects, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ChatFunction } from '../../lib/constructs/chat-function';
import { LambdaCodeSigning } from '../../lib/constructs/lambda-code-signing';
import { RequireReservedConcurrency } from '../../lib/governance/require-reserved-concurrency';
import { FUNCTIONS } from '../../lambdas/shared/definitions';

const ENV = { account: '111111111111', region: 'eu-west-1' };

/** A stack with one ChatFunction; bundling is skipped (the entries belong to other parts of the product). */
function functionStack(props: { reserved?: number; signed?: 'warn' | 'enforce' }): Stack {
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
  new ChatFunction(stack, 'Router', {
    definition: { ...FUNCTIONS.chatRouter, entry: 'test/governance/fixtures/noop-handler.ts' },
    vpc,
    logRetention: logs.RetentionDays.ONE_MONTH,
    logKey: new kms.Key(stack, 'LogKey', { enableKeyRotation: true }),
    removalPolicy: RemovalPolicy.DESTROY,
    reservedConcurrentExecutions: props.reserved,
    codeSigningConfig: signing?.codeSigningConfig,
  });
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
});
