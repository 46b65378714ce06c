// Tenant-routed ports: every call reaches the adapter built for the tenant it names; adapters are cached.
import {
  perTenant,
  TenantRoutedConversationStore,
  TenantRoutedKnowledgeSource,
} from '../../lambdas/llm-worker/tenant-scoped-ports';
import { MemoryConversationStore, MemoryKnowledge } from './support/fakes';

describe('tenant-routed ports', () => {
  it('sends each call to the store of the tenant named in it', async () => {
    const stores = new Map<string, MemoryConversationStore>();
    const storeFor = perTenant((tenantId) => {
      const store = new MemoryConversationStore();
      stores.set(tenantId, store);
      return store;
    });
    const routed = new TenantRoutedConversationStore(storeFor);
    await routed.appendMessage({
      tenantId: 'acme',
      conversationId: 'c',
      role: 'user',
      text: 'a',
      idempotencyKey: 'k1',
    });
    await routed.appendMessage({
      tenantId: 'globex',
      conversationId: 'c',
      role: 'user',
      text: 'g',
      idempotencyKey: 'k1',
    });
    expect(stores.get('acme')?.messages.map((m) => m.text)).toEqual(['a']);
    expect(stores.get('globex')?.messages.map((m) => m.text)).toEqual(['g']);
    expect((await routed.listMessagesAfter('acme', 'c', 0, 10)).map((m) => m.text)).toEqual(['a']);
    expect((await routed.recentMessages('globex', 'c', 10)).map((m) => m.text)).toEqual(['g']);
    expect(await routed.claimConversation('acme', 'c', 'u')).toBe('created');
  });

  it('builds one adapter per tenant and clears the cache when it is full', () => {
    const created: string[] = [];
    const forTenant = perTenant((tenantId) => {
      created.push(tenantId);
      return { tenantId };
    }, 2);
    expect(forTenant('a')).toBe(forTenant('a'));
    forTenant('b');
    forTenant('c');
    forTenant('a');
    expect(created).toEqual(['a', 'b', 'c', 'a']);
  });

  it('reads knowledge through the source of the named tenant', async () => {
    const sources = new Map<string, MemoryKnowledge>();
    const routed = new TenantRoutedKnowledgeSource(
      perTenant((tenantId) => {
        const source = new MemoryKnowledge({ [tenantId]: [{ name: 'faq.md', text: `${tenantId} facts` }] });
        sources.set(tenantId, source);
        return source;
      }),
    );
    expect(await routed.listDocuments('acme')).toEqual([{ name: 'faq.md', text: 'acme facts' }]);
    expect(sources.get('acme')?.requestedTenants).toEqual(['acme']);
  });
});
