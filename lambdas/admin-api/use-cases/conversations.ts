// Use cases: list conversations, read a transcript, export it behind a short-lived CloudFront signed URL, usage, audit.
import type { StoredMessage } from '../../shared/types';
import { AdminError } from '../errors';
import type { AuditEntry, ConversationSummary, UsageDay } from '../../shared/admin-ports';
import { assertTenantAccess, recordAudit, type AdminCall, type AdminDeps } from './context';

export async function listConversations(
  deps: AdminDeps,
  call: AdminCall,
  tenantId: string,
  limit: number,
  cursor?: string,
): Promise<{ conversations: ConversationSummary[]; nextCursor?: string }> {
  assertTenantAccess(call, tenantId);
  try {
    return await deps.transcripts.listConversations(tenantId, limit, cursor);
  } catch (error) {
    if (error instanceof RangeError) throw new AdminError('bad_request', 'invalid cursor');
    throw error;
  }
}

/** GET …/conversations/{id}/transcript: reading end-user text is itself audited. */
export async function readTranscript(
  deps: AdminDeps,
  call: AdminCall,
  tenantId: string,
  conversationId: string,
): Promise<{ conversationId: string; messages: StoredMessage[] }> {
  assertTenantAccess(call, tenantId);
  const messages = await deps.transcripts.readTranscript(tenantId, conversationId);
  if (!messages) throw new AdminError('not_found', 'conversation not found');
  await recordAudit(deps, call, { tenantId, action: 'conversation.read', after: { conversationId } });
  return { conversationId, messages };
}

/** POST …/conversations/{id}/export: 1. read, 2. write JSON to the exports bucket, 3. sign a URL (≤ 5 min), 4. audit. */
export async function exportTranscript(
  deps: AdminDeps,
  call: AdminCall,
  tenantId: string,
  conversationId: string,
): Promise<{ url: string; expiresAt: string }> {
  assertTenantAccess(call, tenantId);
  const messages = await deps.transcripts.readTranscript(tenantId, conversationId);
  if (!messages) throw new AdminError('not_found', 'conversation not found');
  const now = deps.clock.now();
  const key = `t/${tenantId}/exports/${conversationId}/${deps.ids.newId()}.json`;
  await deps.exports.put(
    key,
    JSON.stringify({ tenantId, conversationId, exportedAt: new Date(now).toISOString(), messages }, null, 2),
    'application/json',
  );
  const ttl = Math.min(deps.limits.downloadUrlTtlSeconds, 300);
  const expiresAt = Math.floor(now / 1000) + ttl;
  const url = await deps.downloads.sign(key, expiresAt);
  await recordAudit(deps, call, { tenantId, action: 'conversation.export', after: { conversationId, key } });
  return { url, expiresAt: new Date(expiresAt * 1000).toISOString() };
}

/** GET …/usage?from&to (inclusive days, at most 31). */
export async function readUsage(
  deps: AdminDeps,
  call: AdminCall,
  tenantId: string,
  from?: string,
  to?: string,
): Promise<{ from: string; to: string; days: UsageDay[] }> {
  assertTenantAccess(call, tenantId);
  const today = new Date(deps.clock.now()).toISOString().slice(0, 10);
  const toDay = to ?? today;
  const fromDay =
    from ?? new Date(Date.parse(`${toDay}T00:00:00Z`) - 6 * 86_400_000).toISOString().slice(0, 10);
  const span = (Date.parse(`${toDay}T00:00:00Z`) - Date.parse(`${fromDay}T00:00:00Z`)) / 86_400_000;
  if (!Number.isFinite(span) || span < 0 || span > 30) {
    throw new AdminError('bad_request', 'from..to must be a valid range of at most 31 days');
  }
  return { from: fromDay, to: toDay, days: await deps.tenants.listUsage(tenantId, fromDay, toDay) };
}

/** GET …/audit: the tenant's trail, newest first (read-only; nobody can change it through the API). */
export async function readAuditTrail(
  deps: AdminDeps,
  call: AdminCall,
  tenantId: string,
  limit: number,
): Promise<AuditEntry[]> {
  assertTenantAccess(call, tenantId);
  return deps.audit.list(tenantId, limit);
}
