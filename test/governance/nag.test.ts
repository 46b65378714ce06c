// The governance and management stacks pass the three cdk-nag packs of lib/app.ts with no unacknowledged finding.
import { governanceApp, nagViolations } from './governance-app';

describe('cdk-nag', () => {
  it('dev governance and management stacks pass AwsSolutions, Serverless, NIST 800-53 R5 and PCI DSS 3.2.1 checks', () => {
    expect(nagViolations('dev')).toEqual([]);
  });

  it('prod governance stacks with Shield Advanced and enforced code signing pass the nag packs', () => {
    const alb =
      'arn:aws:elasticloadbalancing:eu-west-1:222222222222:loadbalancer/app/partner/0123456789abcdef';
    expect(
      nagViolations('prod', {
        codeSigning: 'enforce',
        cells: { 'eu-west-1': { shieldProtectedResources: [{ name: 'PartnerAlb', arn: alb }] } },
      }),
    ).toEqual([]);
  });

  it('acknowledgements sit on the offending constructs, never on a stack', () => {
    const { stacks } = governanceApp('dev');
    for (const stack of [stacks.management, ...Object.values(stacks.cells)]) {
      expect(stack.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules')).toEqual([]);
    }
  });
});
