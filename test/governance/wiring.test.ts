// createApp adds the governance stacks (addGovernanceStacks): stack names, regions, deploy order, and the app-wide guards.
import { App } from 'aws-cdk-lib';
import { Annotations } from 'aws-cdk-lib/assertions';
import { createApp } from '../../lib/app';
import { loadConfig } from '../../lib/config/load-config';

/** The whole app of an env plus the governance stacks; Lambda bundling is skipped. */
function wholeApp(env: 'dev' | 'prod') {
  const config = loadConfig(env);
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const product = createApp(config, app, { nag: false });
  return { config, app, product, governance: product.governance };
}

describe('wiring', () => {
  it('adds a us-east-1 management stack and a governance stack per cell that deploys after it', () => {
    const { config, governance } = wholeApp('dev');
    expect(governance.management.stackName).toBe('livechat-dev-management');
    expect(governance.management.region).toBe('us-east-1');
    for (const cell of config.cells) {
      const stack = governance.cells[cell.region]!;
      expect(stack.stackName).toBe(`livechat-dev-${cell.region}-governance`);
      expect(stack.region).toBe(cell.region);
      expect(stack.dependencies).toContain(governance.management);
    }
  });

  it('the production app synthesizes under the stateful-resource and reserved-concurrency guards without an error', () => {
    const { app } = wholeApp('prod');
    const assembly = app.synth();
    const errors = assembly.stacks.flatMap((artifact) =>
      Annotations.fromStack(app.node.findChild(artifact.id) as any).findError('*', /./),
    );
    expect(errors.map((e) => `${e.id}: ${String(e.entry.data)}`)).toEqual([]);
    expect(
      assembly.stacks
        .filter((s) => s.stackName.endsWith('-governance'))
        .every((s) => s.terminationProtection),
    ).toBe(true);
  });
});
