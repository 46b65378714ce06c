// Routes each call of a tenant-keyed port to that tenant's own adapter (signed with tenant-scoped credentials).
import type { AppendMessageInput, ConversationStore } from '../shared/ports';
import type { KnowledgeDocument, KnowledgeSource } from './ports';

export { perTenant } from '../shared/per-tenant';

/** A ConversationStore whose every call goes to the store of the tenant named in the call. */
export class TenantRoutedConversationStore implements ConversationStore {
  constructor(private readonly storeFor: (tenantId: string) => ConversationStore) {}

  appendMessage(input: AppendMessageInput) {
    return this.storeFor(input.tenantId).appendMessage(input);
  }

  listMessagesAfter(tenantId: string, conversationId: string, afterSeq: number, limit: number) {
    return this.storeFor(tenantId).listMessagesAfter(tenantId, conversationId, afterSeq, limit);
  }

  recentMessages(tenantId: string, conversationId: string, limit: number) {
    return this.storeFor(tenantId).recentMessages(tenantId, conversationId, limit);
  }

  claimConversation(tenantId: string, conversationId: string, userId: string) {
    return this.storeFor(tenantId).claimConversation(tenantId, conversationId, userId);
  }
}

/** A KnowledgeSource whose reads go to the source of the tenant named in the call. */
export class TenantRoutedKnowledgeSource implements KnowledgeSource {
  constructor(private readonly sourceFor: (tenantId: string) => KnowledgeSource) {}

  listDocuments(tenantId: string): Promise<KnowledgeDocument[]> {
    return this.sourceFor(tenantId).listDocuments(tenantId);
  }
}
