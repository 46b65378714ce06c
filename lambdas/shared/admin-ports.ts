// Ports of the admin API's use cases: tenant/certificate writes, admin groups, the audit trail, files, transcripts, downloads.
import type { PartnerCertificate, StoredMessage, TenantSettings } from './types';

/** Thrown by stores when a conditional write lost (exists already / changed meanwhile). */
export class ConflictError extends Error {}

/** Thrown by `putCertificate` when the certificate is already bound to another tenant. */
export class CertificateClaimedError extends ConflictError {}

export interface TenantAdminStore {
  /** Strongly consistent read of a tenant's settings. */
  getTenant(tenantId: string): Promise<TenantSettings | undefined>;
  /** Creates a tenant; ConflictError when it exists. */
  createTenant(settings: TenantSettings): Promise<void>;
  /** Replaces a tenant's settings if nobody changed them since `expectedUpdatedAt`; ConflictError otherwise. */
  replaceTenant(settings: TenantSettings, expectedUpdatedAt: string): Promise<void>;
  listTenants(): Promise<TenantSettings[]>;
  listCertificates(tenantId: string): Promise<PartnerCertificate[]>;
  getCertificate(tenantId: string, certKey: string): Promise<PartnerCertificate | undefined>;
  /**
   * Registers a certificate to one tenant only: claims its certKey first, then writes the tenant's record.
   * CertificateClaimedError when another tenant holds it; ConflictError when this tenant already has it.
   */
  putCertificate(certificate: PartnerCertificate): Promise<void>;
  /** Marks a registered certificate revoked (idempotent). */
  revokeCertificate(tenantId: string, certKey: string): Promise<void>;
  /** Daily usage counters between two days (YYYY-MM-DD, inclusive). */
  listUsage(tenantId: string, fromDay: string, toDay: string): Promise<UsageDay[]>;
}

/** The admin user pool's per-tenant groups (`tenant-admins-<tenantId>`), whose members administer that tenant. */
export interface TenantAdminGroups {
  /** Creates the tenant's admin group; succeeds when it exists already (idempotent, so a retry is safe). */
  ensureTenantAdminGroup(tenantId: string): Promise<void>;
}

export interface UsageDay {
  readonly day: string;
  readonly counters: Readonly<Record<string, number>>;
}

export interface AuditEntry {
  readonly id: string;
  readonly tenantId: string;
  readonly action: string;
  readonly who: { readonly sub: string; readonly email?: string };
  readonly before?: unknown;
  readonly after?: unknown;
  /** ISO-8601 time of the action. */
  readonly at: string;
  readonly requestId: string;
}

export interface AuditLog {
  /** Appends one entry; never overwrites (a conditional put). */
  append(entry: AuditEntry): Promise<void>;
  /** Newest entries first. */
  list(tenantId: string, limit: number): Promise<AuditEntry[]>;
}

export interface UploadForm {
  readonly url: string;
  readonly fields: Readonly<Record<string, string>>;
  readonly key: string;
  readonly maxBytes: number;
  readonly expiresAt: string;
}

export interface KnowledgeFile {
  readonly name: string;
  readonly key: string;
  readonly size: number;
  readonly lastModified?: string;
}

export interface KnowledgeFileStore {
  /** A presigned POST for exactly this key, content type and size range. */
  createUploadForm(input: {
    key: string;
    contentType: string;
    maxBytes: number;
    expiresInSeconds: number;
  }): Promise<Omit<UploadForm, 'expiresAt' | 'maxBytes' | 'key'>>;
  list(prefix: string): Promise<KnowledgeFile[]>;
  exists(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
}

export interface ConversationSummary {
  readonly conversationId: string;
  readonly userId?: string;
  readonly createdAt?: string;
}

export interface TranscriptReader {
  listConversations(
    tenantId: string,
    limit: number,
    cursor?: string,
  ): Promise<{ conversations: ConversationSummary[]; nextCursor?: string }>;
  /** Every message in seq order; undefined when the conversation does not exist for that tenant. */
  readTranscript(tenantId: string, conversationId: string): Promise<StoredMessage[] | undefined>;
}

export interface ExportStore {
  /** Writes the export object and returns its key. */
  put(key: string, body: string, contentType: string): Promise<void>;
}

export interface DownloadUrlSigner {
  /** A CloudFront signed URL for `key`, valid until `expiresAtEpochSeconds`. */
  sign(key: string, expiresAtEpochSeconds: number): Promise<string>;
}
