// Use cases: read and replace a tenant's settings; platform admins create, list, suspend and resume tenants.
import type { TenantLimits, TenantLlmSettings, TenantSettings, TenantStatus } from '../../shared/types';
import { AdminError, ConflictError } from '../errors';
import type { createTenantSchema, settingsUpdateSchema } from '../schemas';
import type * as z from 'zod';
import {
  assertPlatformAdmin,
  assertTenantAccess,
  recordAudit,
  type AdminCall,
  type AdminDeps,
} from './context';

export const DEFAULT_TENANT_LIMITS: TenantLimits = {
  maxConnections: 1_000,
  messagesPerMinutePerConnection: 30,
  messagesPerSecondPerTenant: 100,
  tokensPerMinute: 600,
  maxOutputTokens: 800,
  dailyTokenBudget: 2_000_000,
  dailyCostBudgetUsd: 50,
};

export const DEFAULT_TENANT_LLM: TenantLlmSettings = {
  providers: [
    { provider: 'openai', model: 'gpt-4o-mini' },
    { provider: 'anthropic', model: 'claude-3-5-haiku-latest' },
  ],
};

export async function loadTenant(deps: AdminDeps, tenantId: string): Promise<TenantSettings> {
  const tenant = await deps.tenants.getTenant(tenantId);
  if (!tenant) throw new AdminError('not_found', 'tenant not found');
  return tenant;
}

/** GET …/settings */
export async function getSettings(
  deps: AdminDeps,
  call: AdminCall,
  tenantId: string,
): Promise<TenantSettings> {
  assertTenantAccess(call, tenantId);
  return loadTenant(deps, tenantId);
}

/**
 * PUT …/settings
 * 1. authorize the tenant, 2. read the current settings, 3. write the new document conditioned on the
 * read version, 4. audit before/after.
 */
export async function updateSettings(
  deps: AdminDeps,
  call: AdminCall,
  tenantId: string,
  input: z.infer<ReturnType<typeof settingsUpdateSchema>>,
): Promise<TenantSettings> {
  assertTenantAccess(call, tenantId);
  const before = await loadTenant(deps, tenantId);
  // The platform pays for the provider keys: only platform admins change limits and budgets.
  if (!call.principal.platformAdmin && !sameLimits(before.limits, input.limits)) {
    throw new AdminError('forbidden', 'limits and budgets are set by platform admins');
  }
  const { mcp, ...rest } = input;
  const after: TenantSettings = {
    ...before,
    ...rest,
    mcp: mcp ?? undefined,
    updatedAt: new Date(deps.clock.now()).toISOString(),
  };
  await replaceOrConflict(deps, after, before.updatedAt);
  await recordAudit(deps, call, { tenantId, action: 'tenant.settings.update', before, after });
  return after;
}

/**
 * POST /admin/v1/tenants (platform admins)
 * 1. authorize, 2. ensure the tenant's admin group in the cell's user pool (idempotent, so a failure
 * before the record leaves nothing a retry cannot finish), 3. create the record (409 if it exists), 4. audit.
 */
export async function createTenant(
  deps: AdminDeps,
  call: AdminCall,
  input: z.infer<typeof createTenantSchema>,
): Promise<TenantSettings> {
  assertPlatformAdmin(call);
  const tenant: TenantSettings = {
    tenantId: input.tenantId,
    displayName: input.displayName,
    status: 'active',
    allowedOrigins: input.allowedOrigins,
    limits: input.limits ?? DEFAULT_TENANT_LIMITS,
    llm: input.llm ?? DEFAULT_TENANT_LLM,
    securityContact: input.securityContact,
    updatedAt: new Date(deps.clock.now()).toISOString(),
  };
  await deps.groups.ensureTenantAdminGroup(tenant.tenantId);
  try {
    await deps.tenants.createTenant(tenant);
  } catch (error) {
    if (error instanceof ConflictError) throw new AdminError('conflict', 'tenant already exists');
    throw error;
  }
  await recordAudit(deps, call, { tenantId: tenant.tenantId, action: 'tenant.create', after: tenant });
  return tenant;
}

/** GET /admin/v1/tenants: platform admins see all; tenant admins see their own tenants. */
export async function listTenants(deps: AdminDeps, call: AdminCall): Promise<TenantSettings[]> {
  if (call.principal.platformAdmin) return deps.tenants.listTenants();
  const own = await Promise.all(call.principal.tenantIds.map((id) => deps.tenants.getTenant(id)));
  return own.filter((t): t is TenantSettings => t !== undefined);
}

/** POST /admin/v1/tenants/{id}/suspend|resume (platform admins); takes effect on the next token request and connect. */
export async function setTenantStatus(
  deps: AdminDeps,
  call: AdminCall,
  tenantId: string,
  status: TenantStatus,
): Promise<TenantSettings> {
  assertPlatformAdmin(call);
  const before = await loadTenant(deps, tenantId);
  if (before.status === status) return before;
  const after: TenantSettings = { ...before, status, updatedAt: new Date(deps.clock.now()).toISOString() };
  await replaceOrConflict(deps, after, before.updatedAt);
  await recordAudit(deps, call, {
    tenantId,
    action: status === 'suspended' ? 'tenant.suspend' : 'tenant.resume',
    before: { status: before.status },
    after: { status },
  });
  return after;
}

async function replaceOrConflict(
  deps: AdminDeps,
  after: TenantSettings,
  expectedUpdatedAt: string,
): Promise<void> {
  try {
    await deps.tenants.replaceTenant(after, expectedUpdatedAt);
  } catch (error) {
    if (error instanceof ConflictError)
      throw new AdminError('conflict', 'tenant changed meanwhile; reload and retry');
    throw error;
  }
}

/** Field-by-field comparison, so key order in the request does not matter. */
function sameLimits(a: TenantSettings['limits'], b: TenantSettings['limits']): boolean {
  const fields = Object.keys(a) as Array<keyof TenantSettings['limits']>;
  return fields.length === Object.keys(b).length && fields.every((field) => a[field] === b[field]);
}
