// Test support: synthesizes an app with the project's cdk-nag packs and returns the open findings per construct path.
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NIST80053R5Checks, PCIDSS321Checks, ServerlessChecks } from 'cdk-nag';

export interface NagFinding {
  /** Construct path of the offending resource, e.g. `Chat/CdnLogs/Resource`. */
  readonly path: string;
  /** The id to acknowledge, e.g. `AwsSolutions::AwsSolutions-S1`. */
  readonly id: string;
}

/** Adds the same rule packs as lib/app.ts. */
export function addNagPlugins(app: App): void {
  Validations.of(app).addPlugins(
    new AwsSolutionsChecks(app, { writeSuppressionsToCloudFormation: true }),
    new ServerlessChecks(app, { writeSuppressionsToCloudFormation: true }),
    new NIST80053R5Checks(app, { writeSuppressionsToCloudFormation: true }),
    new PCIDSS321Checks(app, { writeSuppressionsToCloudFormation: true }),
  );
}

/**
 * Synthesizes the app and returns every open finding. CDK fails synthesis with a report whose
 * entries end in the construct path line and an `Acknowledge with '<id>'` line.
 */
export function synthFindings(app: App): NagFinding[] {
  let report = '';
  try {
    app.synth();
  } catch (error) {
    report = String((error as Error).message);
    if (!report.includes('Acknowledge with')) throw error;
  }
  const lines = report.split('\n');
  return lines.flatMap((line, i) => {
    const match = /Acknowledge with '([^']+)'/.exec(line);
    const path = lines[i - 1]?.trim().split(/\s+/)[0];
    return match && path ? [{ path, id: match[1]! }] : [];
  });
}
