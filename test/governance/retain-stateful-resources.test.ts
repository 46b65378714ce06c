// Production guard: stateful resources must be RETAIN, and the stacks holding them get termination protection.
import { App, Aspects, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { RetainStatefulResources } from '../../lib/governance/retain-stateful-resources';

function stackWithTable(production: boolean, removalPolicy: RemovalPolicy): Stack {
  const app = new App();
  const stack = new Stack(app, 'Data', { env: { account: '111111111111', region: 'eu-west-1' } });
  new dynamodb.TableV2(stack, 'Conversations', {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    removalPolicy,
  });
  new s3.Bucket(stack, 'Knowledge', { removalPolicy: RemovalPolicy.RETAIN });
  Aspects.of(app).add(new RetainStatefulResources(production));
  app.synth();
  return stack;
}

describe('stateful resource protection', () => {
  it('production synth fails when a table would be deleted with its stack', () => {
    const stack = stackWithTable(true, RemovalPolicy.DESTROY);
    Annotations.fromStack(stack).hasError(
      '/Data/Conversations/Resource',
      'AWS::DynamoDB::GlobalTable must use RemovalPolicy.RETAIN in production (deletion policy is Delete)',
    );
  });

  it('production stacks holding stateful resources get termination protection', () => {
    const stack = stackWithTable(true, RemovalPolicy.RETAIN);
    expect(Annotations.fromStack(stack).findError('*', /RETAIN/)).toEqual([]);
    expect(stack.terminationProtection).toBe(true);
  });

  it('non-production stacks may destroy data and stay unprotected', () => {
    const stack = stackWithTable(false, RemovalPolicy.DESTROY);
    expect(Annotations.fromStack(stack).findError('*', /RETAIN/)).toEqual([]);
    expect(stack.terminationProtection).toBe(false);
  });
});
