// Ports of the LLM worker: model providers, the tenant's knowledge, the usage ledger and partner tools.
import type { LlmProviderName } from '../shared/types';

/** A tool the model may call (an allow-listed tool of the tenant's MCP server). */
export interface ToolSpec {
  readonly name: string;
  readonly description: string;
  /** JSON schema of the tool's arguments. */
  readonly inputSchema: Record<string, unknown>;
}

export interface ToolCall {
  readonly id: string;
  readonly name: string;
  /** The arguments as the model produced them (JSON text, untrusted). */
  readonly argumentsJson: string;
}

export type LlmMessage =
  | { readonly role: 'user'; readonly content: string }
  | { readonly role: 'assistant'; readonly content: string; readonly toolCalls?: readonly ToolCall[] }
  | { readonly role: 'tool'; readonly toolCallId: string; readonly name: string; readonly content: string };

export interface LlmRequest {
  readonly model: string;
  readonly system: string;
  /** Conversation in order; a trailing assistant message is a prefix the model continues. */
  readonly messages: readonly LlmMessage[];
  readonly maxOutputTokens: number;
  readonly tools?: readonly ToolSpec[];
  readonly signal?: AbortSignal;
}

export type LlmStreamEvent =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'tool_call'; readonly call: ToolCall }
  | { readonly type: 'usage'; readonly inputTokens: number; readonly outputTokens: number }
  | { readonly type: 'end'; readonly reason: 'stop' | 'max_tokens' | 'tool_use' };

/** One model provider (OpenAI, Anthropic…) behind one streaming interface. */
export interface LlmProvider {
  readonly name: LlmProviderName;
  /** Streams the answer; throws `LlmProviderError` on failure (before or during the stream). */
  stream(request: LlmRequest): AsyncIterable<LlmStreamEvent>;
}

export interface KnowledgeDocument {
  /** Object key relative to the tenant prefix, e.g. `faq/shipping.md`. */
  readonly name: string;
  readonly text: string;
}

/** The tenant's FAQ/knowledge files (only that tenant's prefix). */
export interface KnowledgeSource {
  listDocuments(tenantId: string): Promise<KnowledgeDocument[]>;
}

export interface UsageTotals {
  readonly tokens: number;
  readonly costUsd: number;
}

/** Per-tenant daily LLM usage counters. */
export interface UsageLedger {
  /** Usage of the tenant on the given UTC day (YYYY-MM-DD), summed over every cell. */
  getDailyUsage(tenantId: string, day: string): Promise<UsageTotals>;
  /** Adds usage to the tenant's counter of the day. */
  addUsage(tenantId: string, day: string, usage: UsageTotals): Promise<void>;
}

export interface ToolCallContext {
  readonly conversationId: string;
  /** The end user of the conversation as the verified token named them; absent when unknown. */
  readonly endUserId?: string;
}

/** Calls an allow-listed tool on the tenant's partner MCP server. */
export interface PartnerToolClient {
  listTools(tenantId: string): Promise<ToolSpec[]>;
  /**
   * The tool's text result (untrusted); throws on refusal, timeout or size overflow. The caller context
   * (the conversation and its end user, from verified records, never from the model) travels beside the
   * model-chosen arguments so the partner can authorise the call for that user.
   */
  callTool(
    tenantId: string,
    name: string,
    args: Record<string, unknown>,
    context: ToolCallContext,
  ): Promise<string>;
}
