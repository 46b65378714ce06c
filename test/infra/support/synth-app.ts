// Test support: builds the whole app from a shipped config (optionally changed) with cdk.json's context.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { Stack } from 'aws-cdk-lib';
import { createApp, type ProductApp } from '../../../lib/app';
import { parseConfig } from '../../../lib/config/load-config';
import type { AppConfig } from '../../../lib/config/schema';

const REPO_ROOT = join(__dirname, '..', '..', '..');

/** The feature flags of cdk.json, so tests synthesize exactly what `cdk synth` does. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  };
  return cdkJson.context;
}

/** A shipped config (`config/<env>.json`), changed by `edit` and validated again. */
export function testConfig(
  env: 'dev' | 'prod',
  edit: (raw: Record<string, any>) => void = () => {},
): AppConfig {
  const raw = JSON.parse(readFileSync(join(REPO_ROOT, 'config', `${env}.json`), 'utf8')) as Record<
    string,
    any
  >;
  edit(raw);
  return parseConfig(raw, `test config ${env}`);
}

export interface BuiltApp extends ProductApp {
  readonly config: AppConfig;
  /** The cell of `region`; throws when there is none. */
  cell(region: string): ProductApp['cells'][number];
  /** Template of a stack (the app is synthesized once and cached). */
  template(stack: Stack): Template;
}

/** Builds (and lazily synthesizes) the whole app. Nag is off unless asked for: the nag test runs it. */
export function buildApp(config: AppConfig, options: { nag?: boolean; outdir?: string } = {}): BuiltApp {
  const app = new App({ context: cdkJsonContext(), outdir: options.outdir });
  const product = createApp(config, app, { nag: options.nag ?? false });
  const templates = new Map<Stack, Template>();
  return {
    ...product,
    config,
    cell(region) {
      const cell = product.cells.find((c) => c.region === region);
      if (!cell) throw new Error(`no cell ${region}`);
      return cell;
    },
    template(stack) {
      let template = templates.get(stack);
      if (!template) {
        template = Template.fromStack(stack);
        templates.set(stack, template);
      }
      return template;
    },
  };
}

/** Every resource of a type in a template, as [logicalId, resource] pairs. */
export function resourcesOf(
  template: Template,
  type: string,
): [string, { Properties?: any; [k: string]: any }][] {
  return Object.entries(template.findResources(type));
}
