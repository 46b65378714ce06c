// What every admin use case receives: its ports, the verified principal, and the authorization + audit helpers.
import type { Clock, IdGenerator } from '../../shared/ports';
import { AdminError } from '../errors';
import type { AdminPrincipal } from '../identity/admin-identity-verifier';
import type {
  AuditLog,
  DownloadUrlSigner,
  ExportStore,
  KnowledgeFileStore,
  TenantAdminGroups,
  TenantAdminStore,
  TranscriptReader,
} from '../../shared/admin-ports';

export interface AdminLimits {
  /** Largest knowledge file accepted by the presigned POST. */
  readonly maxUploadBytes: number;
  /** Lifetime of a presigned POST. */
  readonly uploadUrlTtlSeconds: number;
  /** Lifetime of a CloudFront signed download URL (at most 300). */
  readonly downloadUrlTtlSeconds: number;
}

export const DEFAULT_ADMIN_LIMITS: AdminLimits = {
  maxUploadBytes: 5 * 1024 * 1024,
  uploadUrlTtlSeconds: 300,
  downloadUrlTtlSeconds: 300,
};

export interface AdminDeps {
  readonly tenants: TenantAdminStore;
  /** The cell user pool's `tenant-admins-<tenantId>` groups. */
  readonly groups: TenantAdminGroups;
  readonly audit: AuditLog;
  readonly files: KnowledgeFileStore;
  readonly transcripts: TranscriptReader;
  readonly exports: ExportStore;
  readonly downloads: DownloadUrlSigner;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly limits: AdminLimits;
}

export interface AdminCall {
  readonly principal: AdminPrincipal;
  readonly requestId: string;
}

/** Tenant admins reach only their own tenants; platform admins reach every tenant. */
export function assertTenantAccess(call: AdminCall, tenantId: string): void {
  if (call.principal.platformAdmin || call.principal.tenantIds.includes(tenantId)) return;
  throw new AdminError('forbidden', 'not an admin of this tenant');
}

export function assertPlatformAdmin(call: AdminCall): void {
  if (!call.principal.platformAdmin) throw new AdminError('forbidden', 'platform admins only');
}

/** Appends the audit entry of a mutation; a failed append fails the request (no unaudited change is reported as done). */
export async function recordAudit(
  deps: AdminDeps,
  call: AdminCall,
  entry: { tenantId: string; action: string; before?: unknown; after?: unknown },
): Promise<void> {
  await deps.audit.append({
    id: deps.ids.newId(),
    tenantId: entry.tenantId,
    action: entry.action,
    who: { sub: call.principal.sub, email: call.principal.email },
    before: entry.before,
    after: entry.after,
    at: new Date(deps.clock.now()).toISOString(),
    requestId: call.requestId,
  });
}
