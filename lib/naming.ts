// Resource and stack naming derived from the config, so every name is predictable per env and region.
import type { AppConfig } from './config/schema';

/** `livechat-dev`: the prefix of every stack and of the few physical names that must be known across regions. */
export const prefix = (config: Pick<AppConfig, 'appName' | 'envName'>): string =>
  `${config.appName}-${config.envName}`;

/** Host name of the edge (static site, dashboard and admin routes) distribution under a custom domain. */
export const staticHostName = (zoneName: string): string => `static.${zoneName}`;

/** Host name of a cell's WebSocket distribution under a custom domain. */
export const webSocketHostName = (region: string, zoneName: string): string => `ws-${region}.${zoneName}`;

/** Stack name of one part of a cell, e.g. `livechat-dev-eu-west-1-chat`. */
export const cellStackName = (
  config: Pick<AppConfig, 'appName' | 'envName'>,
  region: string,
  part: string,
): string => `${prefix(config)}-${region}-${part}`;

/** Physical name of a global table, identical in every replica region. */
export const globalTableName = (config: Pick<AppConfig, 'appName' | 'envName'>, tableId: string): string =>
  `${prefix(config)}-${tableId.toLowerCase()}`;

type AccountNaming = Pick<AppConfig, 'appName' | 'envName' | 'account'>;

/** Alias of a cell's data key, identical in every region so the primary can name the replicas' keys. */
export const dataKeyAlias = (config: Pick<AppConfig, 'appName' | 'envName'>): string =>
  `alias/${prefix(config)}-data`;

/** Alias ARN of a cell's data key (KMS accepts alias ARNs for replica and replication encryption). */
export const dataKeyAliasArn = (config: AccountNaming, region: string): string =>
  `arn:aws:kms:${region}:${config.account}:${dataKeyAlias(config)}`;

/** Physical name of a cell's private knowledge bucket (global namespace, so account and region are in it). */
export const knowledgeBucketName = (config: AccountNaming, region: string): string =>
  `${prefix(config)}-kb-${config.account}-${region}`;

/** Name of a cell's backup vault, the cross-region copy target of another cell's backup plan. */
export const backupVaultName = (config: Pick<AppConfig, 'appName' | 'envName'>, region: string): string =>
  `${prefix(config)}-${region}-vault`;

/** Name of the AWS Backup service role of a cell; the knowledge bucket's VPC-only policy exempts it. */
export const backupRoleName = (config: Pick<AppConfig, 'appName' | 'envName'>, region: string): string =>
  `${prefix(config)}-${region}-backup`;
