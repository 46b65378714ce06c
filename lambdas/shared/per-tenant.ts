// One adapter per tenant (each signed with that tenant's scoped credentials), created on first use and cached.

/** Caches one adapter per tenant; the cache is cleared when it grows past `maxTenants`. */
export function perTenant<T>(create: (tenantId: string) => T, maxTenants = 200): (tenantId: string) => T {
  const cache = new Map<string, T>();
  return (tenantId) => {
    let adapter = cache.get(tenantId);
    if (!adapter) {
      if (cache.size >= maxTenants) cache.clear();
      adapter = create(tenantId);
      cache.set(tenantId, adapter);
    }
    return adapter;
  };
}
