// Loads config/<env>.json and validates it; a bad field fails synth with its path in the message.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { configSchema, type AppConfig } from './schema';

export class ConfigError extends Error {}

/** Validates a raw config object; throws a ConfigError naming every bad field. */
export function parseConfig(raw: unknown, source = 'config'): AppConfig {
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ConfigError(`Invalid ${source}:\n${lines.join('\n')}`);
  }
  return result.data;
}

/** Reads and validates `config/<envName>.json` from the repository root. */
export function loadConfig(envName: string, configDir = join(__dirname, '..', '..', 'config')): AppConfig {
  if (!/^[a-z][a-z0-9]{1,9}$/.test(envName)) throw new ConfigError(`Invalid env name "${envName}"`);
  const file = join(configDir, `${envName}.json`);
  if (!existsSync(file)) throw new ConfigError(`No config for env "${envName}" (expected ${file})`);
  const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
  return parseConfig(raw, `config/${envName}.json`);
}
