// Test helper: synthesizes the governance stacks from a shipped config (optionally with the cdk-nag packs).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, NIST80053R5Checks, PCIDSS321Checks, ServerlessChecks } from 'cdk-nag';
import { loadConfig } from '../../lib/config/load-config';
import type { AppConfig } from '../../lib/config/schema';
import {
  addGovernanceStacks,
  type GovernanceOptions,
  type GovernanceStacks,
} from '../../lib/governance/add-governance-stacks';

export interface GovernanceApp {
  readonly app: App;
  readonly config: AppConfig;
  readonly stacks: GovernanceStacks;
  readonly management: Template;
  /** Template of the governance stack of a cell region. */
  readonly cell: (region: string) => Template;
}

export function governanceApp(
  env: 'dev' | 'prod' = 'dev',
  options: GovernanceOptions = {},
  mutate: (config: AppConfig) => AppConfig = (c) => c,
): GovernanceApp {
  const config = mutate(loadConfig(env));
  const app = new App();
  const stacks = addGovernanceStacks(app, config, options);
  const templates = new Map<string, Template>();
  return {
    app,
    config,
    stacks,
    management: Template.fromStack(stacks.management),
    cell: (region) => {
      if (!templates.has(region)) templates.set(region, Template.fromStack(stacks.cells[region]!));
      return templates.get(region)!;
    },
  };
}

/** Synthesizes with the nag packs of lib/app.ts (and PCI DSS 3.2.1) and returns every violation as `rule | construct path`. */
export function nagViolations(env: 'dev' | 'prod', options: GovernanceOptions = {}): string[] {
  const outdir = mkdtempSync(join(tmpdir(), 'governance-nag-'));
  const app = new App({ outdir });
  Validations.of(app).addPlugins(
    new AwsSolutionsChecks(app),
    new ServerlessChecks(app),
    new NIST80053R5Checks(app),
    new PCIDSS321Checks(app),
  );
  addGovernanceStacks(app, loadConfig(env), options);
  try {
    app.synth();
    return [];
  } catch (error) {
    const reportFile = join(outdir, 'validation-report.json');
    if (!existsSync(reportFile)) throw error;
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as {
      pluginReports: {
        violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[];
      }[];
    };
    return report.pluginReports.flatMap((plugin) =>
      plugin.violations.flatMap((v) =>
        v.violatingConstructs.map((c) => `${v.ruleName} | ${c.constructPath}`),
      ),
    );
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The resources of one CloudFormation type, as a list of `Properties`. */
export function propertiesOf(template: Template, type: string): Record<string, any>[] {
  return Object.values(template.findResources(type)).map((r) => r.Properties as Record<string, any>);
}

/** The EventPattern of the alert rule whose description is `description`. */
export function alertRulePattern(template: Template, description: string): Record<string, any> {
  const rules = propertiesOf(template, 'AWS::Events::Rule').filter((p) => p.Description === description);
  if (rules.length !== 1) throw new Error(`expected one rule "${description}", found ${rules.length}`);
  return rules[0]!.EventPattern;
}

export const DEV_PRIMARY = 'eu-west-1';
