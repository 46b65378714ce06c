// Use cases: presigned POST uploads of FAQ/knowledge files under t/<tenantId>/faq/, listing and deletion.
import { AdminError } from '../errors';
import type { KnowledgeFile, UploadForm } from '../../shared/admin-ports';
import type { uploadRequestSchema } from '../schemas';
import type { z } from 'zod';
import { assertTenantAccess, recordAudit, type AdminCall, type AdminDeps } from './context';
import { loadTenant } from './tenant-settings';

/** The only prefix admin file operations touch; tenant ids are delimiter-safe (ID_PATTERN). */
export const faqPrefix = (tenantId: string): string => `t/${tenantId}/faq/`;

/**
 * POST …/files/upload-url
 * 1. authorize, 2. refuse suspended tenants and oversize declarations, 3. presign a POST whose policy pins
 * the key, the content type and content-length-range 1..max, 4. audit.
 */
export async function createUploadUrl(
  deps: AdminDeps,
  call: AdminCall,
  tenantId: string,
  input: z.infer<typeof uploadRequestSchema>,
): Promise<UploadForm> {
  assertTenantAccess(call, tenantId);
  const tenant = await loadTenant(deps, tenantId);
  if (tenant.status !== 'active') throw new AdminError('forbidden', 'tenant is suspended');
  const maxBytes = deps.limits.maxUploadBytes;
  if (input.sizeBytes > maxBytes) {
    throw new AdminError('payload_too_large', `files are limited to ${maxBytes} bytes`);
  }
  const key = `${faqPrefix(tenantId)}${input.fileName}`;
  const form = await deps.files.createUploadForm({
    key,
    contentType: input.contentType,
    maxBytes,
    expiresInSeconds: deps.limits.uploadUrlTtlSeconds,
  });
  const expiresAt = new Date(deps.clock.now() + deps.limits.uploadUrlTtlSeconds * 1000).toISOString();
  await recordAudit(deps, call, {
    tenantId,
    action: 'file.upload-url',
    after: { key, contentType: input.contentType, declaredBytes: input.sizeBytes, maxBytes },
  });
  return { ...form, key, maxBytes, expiresAt };
}

export async function listFiles(
  deps: AdminDeps,
  call: AdminCall,
  tenantId: string,
): Promise<KnowledgeFile[]> {
  assertTenantAccess(call, tenantId);
  return deps.files.list(faqPrefix(tenantId));
}

export async function deleteFile(
  deps: AdminDeps,
  call: AdminCall,
  tenantId: string,
  fileName: string,
): Promise<void> {
  assertTenantAccess(call, tenantId);
  const key = `${faqPrefix(tenantId)}${fileName}`;
  if (!(await deps.files.exists(key))) throw new AdminError('not_found', 'file not found');
  await deps.files.delete(key);
  await recordAudit(deps, call, { tenantId, action: 'file.delete', before: { key } });
}
