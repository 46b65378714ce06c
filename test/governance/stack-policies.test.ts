// Stack policies: stateful resources cannot be replaced or deleted by a stack update; the apply plan covers every cell.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../lib/config/load-config';
import { setStackPolicyArgs, stackPolicyTargets } from '../../lib/governance/stack-policy-plan';

const dir = join(__dirname, '..', '..', 'deploy', 'stack-policies');
const policy = (name: string) => JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8'));
const protectedTypes = (name: string): string[] => {
  const deny = policy(name).Statement.find((s: any) => s.Effect === 'Deny');
  expect(deny.Action).toEqual(['Update:Replace', 'Update:Delete']);
  expect(deny.Principal).toBe('*');
  return deny.Condition.StringEquals.ResourceType;
};

describe('stack policies', () => {
  it('every stack policy denies replacement and deletion and still allows in-place updates', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files.sort()).toEqual([
      'data.json',
      'edge.json',
      'governance.json',
      'management.json',
      'network.json',
      'secops.json',
    ]);
    for (const file of files) {
      const name = file.replace(/\.json$/, '');
      expect(protectedTypes(name).length).toBeGreaterThan(0);
      expect(policy(name).Statement).toContainEqual({
        Effect: 'Allow',
        Principal: '*',
        Action: 'Update:*',
        Resource: '*',
      });
    }
  });

  it('the data stack policy refuses replacing or deleting tables, buckets, keys and secrets', () => {
    expect(protectedTypes('data')).toEqual(
      expect.arrayContaining([
        'AWS::DynamoDB::GlobalTable',
        'AWS::S3::Bucket',
        'AWS::KMS::Key',
        'AWS::SecretsManager::Secret',
      ]),
    );
    expect(protectedTypes('secops')).toEqual(
      expect.arrayContaining(['AWS::CloudTrail::Trail', 'AWS::Backup::BackupVault']),
    );
    expect(protectedTypes('management')).toEqual(expect.arrayContaining(['AWS::IAM::OIDCProvider']));
  });

  it('the apply plan targets each cell stateful stack in its own region with its policy file', () => {
    const prod = loadConfig('prod');
    const eu = stackPolicyTargets(prod, 'eu-west-1');
    expect(eu.map((t) => t.stackName)).toEqual([
      'livechat-prod-eu-west-1-network',
      'livechat-prod-eu-west-1-data',
      'livechat-prod-eu-west-1-secops',
      'livechat-prod-eu-west-1-governance',
    ]);
    expect(setStackPolicyArgs(eu[1]!)).toEqual([
      'cloudformation',
      'set-stack-policy',
      '--region',
      'eu-west-1',
      '--stack-name',
      'livechat-prod-eu-west-1-data',
      '--stack-policy-body',
      'file://deploy/stack-policies/data.json',
    ]);
    const usEast = stackPolicyTargets(prod, 'us-east-1').map((t) => t.stackName);
    expect(usEast).toEqual(expect.arrayContaining(['livechat-prod-management', 'livechat-prod-edge']));
    expect(stackPolicyTargets(prod)).toHaveLength(2 + 2 * 4);
  });
});
