// The governance and management stacks pass the three cdk-nag packs of lib/app.ts with no unacknowledged finding.
import { governanceApp, nagViolations } from './governance-app';

describe('cdk-nag', () => {
  it('dev governance and management stacks pass AwsSolutions, Serverless, NIST 800-53 R5 and PCI DSS 3.2.1 checks', () => {
    expect(nagViolations('dev')).toEqual([]);
  });

  it('prod governance stacks with enforced code signing pass the nag packs', () => {
    expect(nagViolations('prod', { codeSigning: 'enforce' })).toEqual([]);
  });

  it('acknowledgements sit on the offending constructs, never on a stack', () => {
    const { stacks } = governanceApp('dev');
    for (const stack of [stacks.management, ...Object.values(stacks.cells)]) {
      expect(stack.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules')).toEqual([]);
    }
  });
});
