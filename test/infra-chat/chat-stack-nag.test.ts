// The chat stack is clean under the project's cdk-nag packs (AwsSolutions, Serverless, NIST 800-53 R5).
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { chatStackFixture } from './support/chat-stack-fixture';
import { addNagPlugins, synthFindings } from '../support/nag-findings';

const chatFindings = (findings: ReturnType<typeof synthFindings>) =>
  findings.filter((f) => f.path.startsWith('Chat/'));

describe('cdk-nag on the chat stack', () => {
  it('has no open findings in a non-production cell', () => {
    const { cell } = chatStackFixture({}, (stack) => addNagPlugins(stack.node.root as never));
    expect(chatFindings(synthFindings(cell.app))).toEqual([]);
  });

  it('has no open findings in a production cell with a custom domain and Shield Advanced', () => {
    const base = chatStackFixture();
    const { cell } = chatStackFixture(
      {
        settings: { ...base.cell.settings, production: true },
        domain: {
          hostName: 'chat-eu.example.com',
          edgeCertificateArn:
            'arn:aws:acm:us-east-1:111111111111:certificate/11111111-2222-3333-4444-666666666666',
        },
        shieldAdvanced: true,
      },
      (stack) => addNagPlugins(stack.node.root as never),
    );
    expect(chatFindings(synthFindings(cell.app))).toEqual([]);
  });

  it('does report a finding the stack did not acknowledge (the check is live)', () => {
    const { cell } = chatStackFixture({}, (stack) => {
      new sqs.Queue(stack, 'UnreviewedQueue');
      addNagPlugins(stack.node.root as never);
    });
    expect(chatFindings(synthFindings(cell.app))).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'Chat/UnreviewedQueue/Resource' })]),
    );
  });
});
