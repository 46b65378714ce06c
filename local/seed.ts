// Seeds the local cell on every start: tenants and partner certificates, FAQ files, signing keys and secrets.
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbTenantStore } from '../lambdas/shared/adapters/dynamodb-tenant-store';
import { certificateIdentityFromPem } from '../lambdas/shared/partner-certificate';
import { generateSigningKeySet, publicKeySetOf } from '../lambdas/shared/session-token';
import { type DemoTenant, demoTenantSettings } from './demo-tenants';
import type { LocalPki } from './pki/local-ca';
import type { S3Fake } from './services/s3-fake';
import type { SecretsManagerFake } from './services/secrets-manager-fake';

export interface SecretArns {
  readonly signingKeys: string;
  readonly verificationKeys: string;
  readonly originVerify: string;
  readonly llmApiKeys: string;
}

/** Creates the cell's secrets; returns their ARNs (what the stacks hand the functions) and the origin-verify value. */
export function seedSecrets(
  secrets: SecretsManagerFake,
  prefix: string,
): { arns: SecretArns; originVerify: string } {
  const signing = generateSigningKeySet();
  const originVerify = randomBytes(32).toString('base64url');
  return {
    originVerify,
    arns: {
      signingKeys: secrets.putSecret(`${prefix}/session-token-signing-keys`, JSON.stringify(signing)),
      verificationKeys: secrets.putSecret(
        `${prefix}/session-token-verification-keys`,
        JSON.stringify(publicKeySetOf(signing)),
      ),
      originVerify: secrets.putSecret(`${prefix}/origin-verify`, JSON.stringify({ current: originVerify })),
      // The fake LLM accepts any key; real provider keys come from OPENAI_API_KEY / ANTHROPIC_API_KEY.
      llmApiKeys: secrets.putSecret(
        `${prefix}/llm-api-keys`,
        JSON.stringify({ openai: 'local-fake-llm-key', anthropic: 'local-fake-llm-key' }),
      ),
    },
  };
}

/** Writes each demo tenant's settings and registers its generated client certificate. */
export async function seedTenants(
  doc: DynamoDBDocumentClient,
  tenantsTable: string,
  tenants: readonly DemoTenant[],
  pki: LocalPki,
  demoOrigins: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const store = new DynamoDbTenantStore(doc, tenantsTable, { ttlMs: 0 });
  for (const tenant of tenants) {
    const settings = demoTenantSettings(tenant, demoOrigins, env);
    await store.putTenant(settings);
    const client = pki.clients[tenant.tenantId];
    if (!client) throw new Error(`No client certificate for ${tenant.tenantId}`);
    const identity = certificateIdentityFromPem(client.cert);
    await store.putCertificate({
      tenantId: tenant.tenantId,
      certKey: identity.certKey,
      subject: identity.subject,
      issuer: identity.issuer,
      serialNumber: identity.serialNumber,
      status: 'active',
      notAfter: identity.notAfter.toISOString(),
    });
  }
}

/** Uploads local/demo/faq/<folder>/* to `t/<tenantId>/faq/<file>` in the knowledge bucket. */
export async function seedKnowledge(
  s3: S3Fake,
  bucket: string,
  rootDir: string,
  tenants: readonly DemoTenant[],
): Promise<number> {
  s3.createBucket(bucket);
  let count = 0;
  for (const tenant of tenants) {
    const dir = join(rootDir, 'local', 'demo', 'faq', tenant.faqFolder);
    for (const file of (await readdir(dir)).sort()) {
      const contentType = file.endsWith('.md') ? 'text/markdown' : 'text/plain';
      s3.putObject(bucket, `t/${tenant.tenantId}/faq/${file}`, await readFile(join(dir, file)), contentType);
      count += 1;
    }
  }
  return count;
}
