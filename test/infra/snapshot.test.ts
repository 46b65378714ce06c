// Masked template snapshots of every dev stack: a reviewer sees each infrastructure change as a diff.
import { buildApp, testConfig, type BuiltApp } from './support/synth-app';

let built: BuiltApp;

beforeAll(() => {
  built = buildApp(testConfig('dev'));
});

describe('dev templates (asset hashes masked)', () => {
  it.each([
    'livechat-dev-edge',
    ...['eu-west-1', 'us-east-1', 'ap-southeast-2'].flatMap((r) =>
      ['network', 'data', 'secops'].map((p) => `livechat-dev-${r}-${p}`),
    ),
  ])('%s', (stackName) => {
    const stack = [built.edge, ...built.cells.flatMap((c) => [c.network, c.data, c.secops])].find(
      (s) => s.stackName === stackName,
    );
    expect(stack).toBeDefined();
    expect(built.template(stack!).toJSON()).toMatchSnapshot();
  });
});
