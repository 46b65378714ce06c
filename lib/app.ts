// Wires the whole CDK app from a validated config: the us-east-1 edge and one set of stacks per cell.
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks, NIST80053R5Checks } from 'cdk-nag';
import type { AppConfig } from './config/schema';
import { prefix, cellStackName } from './naming';
import { NetworkStack } from './stacks/network-stack';

export interface CellStacks {
  readonly region: string;
  readonly network: NetworkStack;
}

export interface ProductApp {
  readonly app: App;
  readonly cells: readonly CellStacks[];
}

export interface CreateAppOptions {
  /** Run the cdk-nag rule packs as validation plugins. @default true */
  readonly nag?: boolean;
}

/** Builds every stack for the given config; `bin/app.ts` and the tests call this same function. */
export function createApp(
  config: AppConfig,
  app: App = new App(),
  options: CreateAppOptions = {},
): ProductApp {
  if (options.nag ?? true) {
    Validations.of(app).addPlugins(
      new AwsSolutionsChecks(app, { writeSuppressionsToCloudFormation: true }),
      new ServerlessChecks(app, { writeSuppressionsToCloudFormation: true }),
      new NIST80053R5Checks(app, { writeSuppressionsToCloudFormation: true }),
    );
  }
  pinAvailabilityZones(app, config);
  const cells = config.cells.map((cell) => {
    const env = { account: config.account, region: cell.region };
    const network = new NetworkStack(app, cellStackName(config, cell.region, 'network'), {
      env,
      description: `${prefix(config)} network of cell ${cell.region}`,
      cell,
      logRetentionDays: config.retention.logDays,
    });
    return { region: cell.region, network };
  });
  return { app, cells };
}

/**
 * `ec2.Vpc` looks availability zones up even when they are listed; pin the lookup result to the
 * configured AZs so synth never needs credentials (see docs/adr/0002-offline-synth.md).
 */
function pinAvailabilityZones(app: App, config: AppConfig): void {
  for (const cell of config.cells) {
    const key = `availability-zones:account=${config.account}:region=${cell.region}`;
    if (app.node.tryGetContext(key) === undefined) app.node.setContext(key, cell.availabilityZones);
  }
}
