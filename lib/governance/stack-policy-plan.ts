// Which stack policy file protects which stack: CDK cannot set stack policies, the deploy runbook applies them.
import type { AppConfig } from '../config/schema';
import { cellStackName, prefix } from '../naming';

/** Per-cell stack parts with a policy file `deploy/stack-policies/<part>.json`. */
export const CELL_POLICY_PARTS = ['network', 'data', 'secops', 'governance'] as const;

/** Account-wide stacks (us-east-1) with a policy file named after them. */
export const GLOBAL_POLICY_STACKS = ['management', 'edge'] as const;

export interface StackPolicyTarget {
  readonly stackName: string;
  readonly region: string;
  /** Repository-relative path of the policy document. */
  readonly policyFile: string;
}

/** Every stateful stack of the config (optionally of one region) with its policy file. */
export function stackPolicyTargets(config: AppConfig, region?: string): StackPolicyTarget[] {
  const targets: StackPolicyTarget[] = [
    ...GLOBAL_POLICY_STACKS.map((name) => ({
      stackName: `${prefix(config)}-${name}`,
      region: 'us-east-1',
      policyFile: `deploy/stack-policies/${name}.json`,
    })),
    ...config.cells.flatMap((cell) =>
      CELL_POLICY_PARTS.map((part) => ({
        stackName: cellStackName(config, cell.region, part),
        region: cell.region,
        policyFile: `deploy/stack-policies/${part}.json`,
      })),
    ),
  ];
  return region ? targets.filter((t) => t.region === region) : targets;
}

/** The AWS CLI arguments that set one stack's policy (argv form: no shell quoting involved). */
export const setStackPolicyArgs = (target: StackPolicyTarget): string[] => [
  'cloudformation',
  'set-stack-policy',
  '--region',
  target.region,
  '--stack-name',
  target.stackName,
  '--stack-policy-body',
  `file://${target.policyFile}`,
];
