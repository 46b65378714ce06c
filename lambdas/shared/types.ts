// Domain types shared by every handler: tenants, messages, turns, the authorizer context and the wire frames.

export type TenantStatus = 'active' | 'suspended';
export type LlmProviderName = 'openai' | 'anthropic';

export interface TenantLimits {
  /** Concurrent WebSocket connections per tenant in one cell. */
  readonly maxConnections: number;
  /** Messages a single connection may send per minute. */
  readonly messagesPerMinutePerConnection: number;
  /** Messages the whole tenant may send per second in one cell. */
  readonly messagesPerSecondPerTenant: number;
  /** Session tokens the tenant may mint per minute in one cell. */
  readonly tokensPerMinute: number;
  /** Model output cap per answer. */
  readonly maxOutputTokens: number;
  /** Daily LLM token budget (input + output) per tenant. */
  readonly dailyTokenBudget: number;
  /** Daily LLM cost budget in US dollars per tenant. */
  readonly dailyCostBudgetUsd: number;
}

export interface TenantLlmSettings {
  /** Providers in fallback order. */
  readonly providers: ReadonlyArray<{ readonly provider: LlmProviderName; readonly model: string }>;
  /** Tenant-specific persona/instructions appended to the platform system prompt. */
  readonly instructions?: string;
}

export interface TenantMcpSettings {
  /** HTTPS endpoint of the partner's MCP server. */
  readonly endpoint: string;
  /** Host names the worker may call (the endpoint's host must be among them). */
  readonly allowedHosts: readonly string[];
  /** Tool names the model may call. */
  readonly allowedTools: readonly string[];
  /** Secrets Manager id of the tenant's mTLS client certificate and key (PEM JSON). */
  readonly clientCertificateSecretId: string;
}

export interface TenantSettings {
  readonly tenantId: string;
  readonly displayName: string;
  readonly status: TenantStatus;
  /** Exact origins (`https://host[:port]`; plain http only on loopback for the local runtime) allowed to open the WebSocket. */
  readonly allowedOrigins: readonly string[];
  readonly limits: TenantLimits;
  readonly llm: TenantLlmSettings;
  readonly mcp?: TenantMcpSettings;
  /** Who the incident runbooks notify at the partner. */
  readonly securityContact: { readonly name: string; readonly email: string };
  readonly updatedAt: string;
}

/** A partner client certificate registered to a tenant. */
export interface PartnerCertificate {
  readonly tenantId: string;
  /**
   * SHA-256 fingerprint of the leaf certificate's DER (lower-case hex), derived from the ALB's
   * `x-amzn-mtls-clientcert-leaf` PEM; unique across tenants (a claim item binds it to one tenant).
   */
  readonly certKey: string;
  readonly subject: string;
  readonly issuer: string;
  readonly serialNumber: string;
  readonly status: 'active' | 'revoked';
  readonly notAfter: string;
}

/** What the `$connect` authorizer verified; API Gateway passes it to every route. */
export interface AuthorizerContext {
  readonly tenantId: string;
  readonly userId: string;
  readonly conversationId: string;
  readonly jti: string;
  /** The cell (region) that issued and accepted the token. */
  readonly cell: string;
  /** Token expiry, epoch seconds. */
  readonly tokenExpiresAt: number;
}

export type MessageRole = 'user' | 'assistant';

export interface StoredMessage {
  readonly tenantId: string;
  readonly conversationId: string;
  readonly messageId: string;
  /** Per-conversation sequence number: monotonic and gap-free, starting at 1. */
  readonly seq: number;
  readonly role: MessageRole;
  readonly text: string;
  readonly clientMessageId?: string;
  readonly createdAt: string;
  /** For assistant messages, why the answer is missing when it is. */
  readonly status: 'complete' | 'failed';
  readonly errorCode?: string;
}

/** A user message handed to the LLM worker through the FIFO queue (group id = tenant + conversation). */
export interface ConversationTurn {
  readonly tenantId: string;
  readonly conversationId: string;
  readonly userMessageId: string;
  readonly userSeq: number;
  /** Epoch milliseconds the user message was acknowledged. */
  readonly acceptedAt: number;
}

export interface ConnectionRecord {
  readonly tenantId: string;
  readonly conversationId: string;
  readonly connectionId: string;
  readonly userId: string;
  readonly connectedAt: string;
  /** Epoch seconds after which the record expires (the 2 h API Gateway maximum plus slack). */
  readonly expiresAt: number;
}

/** Frames the server sends (docs/protocol.md). */
export type ServerFrame =
  | {
      readonly type: 'ack';
      readonly clientMessageId: string;
      readonly messageId: string;
      readonly seq: number;
    }
  | { readonly type: 'assistant.delta'; readonly messageId: string; readonly text: string }
  | {
      readonly type: 'assistant.done';
      readonly messageId: string;
      readonly seq: number;
      readonly text: string;
    }
  | {
      readonly type: 'message';
      readonly messageId: string;
      readonly seq: number;
      readonly role: MessageRole;
      readonly text: string;
    }
  | { readonly type: 'typing'; readonly role: MessageRole }
  | {
      readonly type: 'error';
      readonly code: ErrorCode;
      readonly message: string;
      readonly clientMessageId?: string;
    }
  | { readonly type: 'pong' };

/** Error codes of `error` frames and of the token API's JSON errors. */
export type ErrorCode =
  | 'bad_request'
  | 'invalid_frame'
  | 'unknown_action'
  | 'message_too_large'
  | 'invalid_text'
  | 'rate_limited'
  | 'assistant_unavailable'
  | 'budget_exceeded'
  | 'conversation_not_found'
  | 'unauthorized'
  | 'forbidden'
  | 'internal_error';
