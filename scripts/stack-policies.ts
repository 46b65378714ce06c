// Prints (or with --apply runs) the `aws cloudformation set-stack-policy` commands for the stateful stacks.
// Usage: npm run stack-policies -- --env prod [--region eu-west-1] [--apply]
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../lib/config/load-config';
import { setStackPolicyArgs, stackPolicyTargets } from '../lib/governance/stack-policy-plan';

const { values } = parseArgs({
  options: {
    env: { type: 'string', default: 'dev' },
    region: { type: 'string' },
    apply: { type: 'boolean', default: false },
  },
});

const targets = stackPolicyTargets(loadConfig(values.env!), values.region);
if (targets.length === 0) {
  console.error(`No stateful stacks for env ${values.env} in region ${values.region}`);
  process.exit(1);
}
for (const target of targets) {
  const args = setStackPolicyArgs(target);
  console.log(`aws ${args.join(' ')}`);
  if (values.apply) {
    try {
      execFileSync('aws', args, { cwd: join(__dirname, '..'), stdio: 'inherit' });
    } catch (error) {
      // A stack that is not deployed (e.g. no edge stack yet) is reported, the others still get their policy.
      console.error(`failed for ${target.stackName}: ${(error as Error).message}`);
      process.exitCode = 1;
    }
  }
}
