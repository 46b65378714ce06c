// Wires the management-plane stack (us-east-1) and one governance stack per cell into the app.
import { type App, Aspects } from 'aws-cdk-lib';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { AppConfig } from '../config/schema';
import type { CodeSigningEnforcement } from '../constructs/lambda-code-signing';
import { cellStackName, prefix } from '../naming';
import { GovernanceStack } from '../stacks/governance-stack';
import { ManagementStack } from '../stacks/management-stack';
import { RequireReservedConcurrency } from './require-reserved-concurrency';
import { RetainStatefulResources } from './retain-stateful-resources';

/** Per-cell inputs that come from other stacks of the cell (all optional). */
export interface CellGovernanceInputs {
  /** The security-ops stack's alert topic and its dead-letter queue (both, or neither). */
  readonly alertTopic?: sns.ITopic;
  readonly alertDeadLetterQueue?: sqs.IQueue;
  readonly accessLogsBucket?: s3.IBucket;
}

export interface GovernanceOptions {
  /** `create` the AWS Config recorder in each cell or use the `existing` one. @default 'create' */
  readonly configRecorder?: 'create' | 'existing';
  /** Code-signing mode of the cells' signing config (ADR 0041). @default 'warn' */
  readonly codeSigning?: CodeSigningEnforcement;
  /** Inputs per cell region. @default - none */
  readonly cells?: Readonly<Record<string, CellGovernanceInputs>>;
  /** Fail production synth when a stateful resource is not RETAIN, and protect its stack. @default true */
  readonly guardStatefulResources?: boolean;
  /** Restore-testing plan and backup-failure alert in every cell (ADR 0040). @default true */
  readonly restoreTesting?: boolean;
  /** Fail synth when a ChatFunction has no reserved concurrency. @default true */
  readonly requireReservedConcurrency?: boolean;
}

export interface GovernanceStacks {
  readonly management: ManagementStack;
  readonly cells: Readonly<Record<string, GovernanceStack>>;
}

/** Adds the stacks; call it from `createApp` after the cell stacks exist. */
export function addGovernanceStacks(
  app: App,
  config: AppConfig,
  options: GovernanceOptions = {},
): GovernanceStacks {
  const appPrefix = prefix(config);
  const management = new ManagementStack(app, `${appPrefix}-management`, {
    env: { account: config.account, region: 'us-east-1' },
    description: `${appPrefix} account-wide management plane: OIDC provider, human roles, IAM alerts`,
    prefix: appPrefix,
    production: config.production,
    alertEmail: config.alertEmail,
    oidcProvider: config.github.oidcProvider,
  });
  const cells: Record<string, GovernanceStack> = {};
  for (const cell of config.cells) {
    const inputs = options.cells?.[cell.region] ?? {};
    const stack = new GovernanceStack(app, cellStackName(config, cell.region, 'governance'), {
      env: { account: config.account, region: cell.region },
      description: `${appPrefix} governance of cell ${cell.region}: deploy roles, Config, alerts, restore tests`,
      prefix: appPrefix,
      production: config.production,
      github: { repository: config.github.repository, branch: config.github.branch },
      alertEmail: config.alertEmail,
      alertTopic: inputs.alertTopic,
      alertDeadLetterQueue: inputs.alertDeadLetterQueue,
      accessLogsBucket: inputs.accessLogsBucket,
      configRecorder: options.configRecorder ?? 'create',
      recordGlobalResources: cell.region === config.primaryRegion,
      certificateArns: cell.albCertificateArn ? [cell.albCertificateArn] : [],
      codeSigning: options.codeSigning ?? 'warn',
      restoreTesting: options.restoreTesting ?? true,
    });
    stack.addStackDependency(management, 'the deploy boundary and the GitHub OIDC provider live there');
    cells[cell.region] = stack;
  }
  if (options.guardStatefulResources ?? true) {
    Aspects.of(app).add(new RetainStatefulResources(config.production));
  }
  if (options.requireReservedConcurrency ?? true) {
    Aspects.of(app).add(new RequireReservedConcurrency());
  }
  return { management, cells };
}
