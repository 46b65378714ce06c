// The admin handler's environment, read and validated once at cold start.
import { z } from 'zod';
import { ADMIN_ENV, ENV } from '../shared/definitions';
import { readEnv } from '../shared/env';

const schema = z.object({
  [ENV.cellRegion]: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/),
  [ENV.tenantsTable]: z.string().min(3),
  [ENV.auditTable]: z.string().min(3),
  [ENV.conversationsTable]: z.string().min(3),
  [ENV.knowledgeBucket]: z.string().min(3),
  [ADMIN_ENV.albArn]: z.string().startsWith('arn:aws'),
  [ADMIN_ENV.userPoolId]: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d_[A-Za-z0-9]+$/),
  [ADMIN_ENV.userPoolClientId]: z.string().regex(/^[a-z0-9]{1,128}$/),
  [ADMIN_ENV.exportsBucket]: z.string().min(3),
  [ADMIN_ENV.downloadsBaseUrl]: z.url({ protocol: /^https$/ }),
  [ADMIN_ENV.downloadsKeyPairId]: z.string().min(1),
  [ADMIN_ENV.downloadsPrivateKeySecretId]: z.string().min(1),
  [ADMIN_ENV.maxUploadBytes]: z.coerce
    .number()
    .int()
    .min(1)
    .max(100 * 1024 * 1024)
    .default(5 * 1024 * 1024),
});

export interface AdminConfig {
  readonly region: string;
  readonly tenantsTable: string;
  readonly auditTable: string;
  readonly conversationsTable: string;
  readonly knowledgeBucket: string;
  readonly albArn: string;
  readonly userPoolId: string;
  readonly clientId: string;
  readonly exportsBucket: string;
  readonly downloadsBaseUrl: string;
  readonly downloadsKeyPairId: string;
  readonly downloadsPrivateKeySecretId: string;
  readonly maxUploadBytes: number;
}

export function loadAdminConfig(source: NodeJS.ProcessEnv = process.env): AdminConfig {
  const env = readEnv(schema, source);
  return {
    region: env[ENV.cellRegion],
    tenantsTable: env[ENV.tenantsTable],
    auditTable: env[ENV.auditTable],
    conversationsTable: env[ENV.conversationsTable],
    knowledgeBucket: env[ENV.knowledgeBucket],
    albArn: env[ADMIN_ENV.albArn],
    userPoolId: env[ADMIN_ENV.userPoolId],
    clientId: env[ADMIN_ENV.userPoolClientId],
    exportsBucket: env[ADMIN_ENV.exportsBucket],
    downloadsBaseUrl: env[ADMIN_ENV.downloadsBaseUrl].replace(/\/+$/, ''),
    downloadsKeyPairId: env[ADMIN_ENV.downloadsKeyPairId],
    downloadsPrivateKeySecretId: env[ADMIN_ENV.downloadsPrivateKeySecretId],
    maxUploadBytes: env[ADMIN_ENV.maxUploadBytes],
  };
}

/** Cognito's issuer URL of a user pool. */
export const cognitoIssuer = (region: string, userPoolId: string): string =>
  `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
