// Composition root: builds the admin app's ports from SDK clients (Lambda) or local endpoints (local runtime).
import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { DownloadUrlSigner, TenantAdminGroups } from '../shared/admin-ports';
import { DynamoDbAuditLog } from '../shared/adapters/dynamodb-audit-log';
import { DynamoDbTenantAdminStore } from '../shared/adapters/dynamodb-tenant-admin-store';
import { DynamoDbTranscriptReader } from '../shared/adapters/dynamodb-transcript-reader';
import { S3ExportStore } from '../shared/adapters/s3-export-store';
import { S3KnowledgeFileStore } from '../shared/adapters/s3-knowledge-file-store';
import type { Clock } from '../shared/ports';
import { DEFAULT_ADMIN_LIMITS, type AdminDeps } from './use-cases/context';

export interface AdminStoresInput {
  readonly doc: DynamoDBDocumentClient;
  readonly s3: S3Client;
  readonly tables: { readonly tenants: string; readonly audit: string; readonly conversations: string };
  readonly buckets: { readonly knowledge: string; readonly exports: string };
  readonly downloads: DownloadUrlSigner;
  /** The admin user pool's tenant groups (Cognito in Lambda, the dev identity provider locally). */
  readonly groups: TenantAdminGroups;
  readonly maxUploadBytes?: number;
  readonly clock?: Clock;
}

/** Every port of the use cases over DynamoDB and S3 clients (real AWS or local servers). */
export function composeAdminDeps(input: AdminStoresInput): AdminDeps {
  return {
    tenants: new DynamoDbTenantAdminStore(input.doc, input.tables.tenants),
    groups: input.groups,
    audit: new DynamoDbAuditLog(input.doc, input.tables.audit),
    transcripts: new DynamoDbTranscriptReader(input.doc, input.tables.conversations),
    files: new S3KnowledgeFileStore(input.s3, input.buckets.knowledge),
    exports: new S3ExportStore(input.s3, input.buckets.exports),
    downloads: input.downloads,
    clock: input.clock ?? { now: () => Date.now() },
    ids: { newId: () => randomUUID() },
    limits: {
      ...DEFAULT_ADMIN_LIMITS,
      maxUploadBytes: input.maxUploadBytes ?? DEFAULT_ADMIN_LIMITS.maxUploadBytes,
    },
  };
}
