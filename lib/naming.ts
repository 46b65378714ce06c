// Resource and stack naming derived from the config, so every name is predictable per env and region.
import type { AppConfig } from './config/schema';

/** `livechat-dev`: the prefix of every stack and of the few physical names that must be known across regions. */
export const prefix = (config: Pick<AppConfig, 'appName' | 'envName'>): string =>
  `${config.appName}-${config.envName}`;

/** Stack name of one part of a cell, e.g. `livechat-dev-eu-west-1-chat`. */
export const cellStackName = (
  config: Pick<AppConfig, 'appName' | 'envName'>,
  region: string,
  part: string,
): string => `${prefix(config)}-${region}-${part}`;

/** Physical name of a global table, identical in every replica region. */
export const globalTableName = (config: Pick<AppConfig, 'appName' | 'envName'>, tableId: string): string =>
  `${prefix(config)}-${tableId.toLowerCase()}`;
