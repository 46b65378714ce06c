// Lambda entry of the admin API behind the ALB's Cognito-authenticated listener: middy → verify → route → use case.
import middy from '@middy/core';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ALBEvent, ALBResult, Context } from 'aws-lambda';
import { CloudFrontUrlSigner } from '../shared/adapters/cloudfront-url-signer';
import { CognitoTenantAdminGroups } from '../shared/adapters/cognito-tenant-admin-groups';
import { SecretsManagerSecretSource } from '../shared/adapters/secrets-manager-secret-source';
import { logger } from '../shared/logger';
import { createAdminApp } from './admin-app';
import { composeAdminDeps } from './compose';
import { cognitoIssuer, loadAdminConfig } from './config';
import { AdminIdentityVerifier, TENANT_ADMINS_GROUP_PREFIX } from './identity/admin-identity-verifier';
import { HttpAlbPublicKeyProvider, HttpJwksKeyProvider } from './identity/key-providers';

const config = loadAdminConfig();
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: config.region }), {
  marshallOptions: { removeUndefinedValues: true },
});
const s3 = new S3Client({ region: config.region });
const secrets = new SecretsManagerSecretSource(new SecretsManagerClient({ region: config.region }));
const clock = { now: () => Date.now() };

const app = createAdminApp({
  deps: composeAdminDeps({
    doc,
    s3,
    tables: {
      tenants: config.tenantsTable,
      audit: config.auditTable,
      conversations: config.conversationsTable,
    },
    buckets: { knowledge: config.knowledgeBucket, exports: config.exportsBucket },
    groups: new CognitoTenantAdminGroups(new CognitoIdentityProviderClient({ region: config.region }), {
      userPoolId: config.userPoolId,
      groupNamePrefix: TENANT_ADMINS_GROUP_PREFIX,
    }),
    downloads: new CloudFrontUrlSigner({
      baseUrl: config.downloadsBaseUrl,
      keyPairId: config.downloadsKeyPairId,
      secrets,
      privateKeySecretId: config.downloadsPrivateKeySecretId,
    }),
    maxUploadBytes: config.maxUploadBytes,
    clock,
  }),
  verifier: new AdminIdentityVerifier({
    albArn: config.albArn,
    issuer: cognitoIssuer(config.region, config.userPoolId),
    clientId: config.clientId,
    albKeys: HttpAlbPublicKeyProvider.forRegion(config.region),
    jwks: HttpJwksKeyProvider.forUserPool(config.region, config.userPoolId),
    clock,
  }),
  onError: (kind, error) =>
    kind === 'identity_rejected'
      ? logger.warn('admin identity rejected', { reason: (error as Error).message })
      : logger.error('admin request failed', error as Error),
});

export const handler = middy<ALBEvent, ALBResult, Error, Context>().handler(async (event, context) => {
  logger.appendKeys({ requestId: context.awsRequestId, path: event.path, method: event.httpMethod });
  return app(event, context.awsRequestId);
});
