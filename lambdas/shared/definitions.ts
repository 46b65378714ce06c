// Shared definitions used by both the CDK stacks and the handlers: tables, keys, env names, functions.
// This module imports nothing, so lib/ may import it without pulling runtime code into the CDK app.

/** Key attribute definition shared by CDK TableV2 and the local runtime's CreateTable. */
export interface KeyAttribute {
  readonly name: string;
  readonly type: 'S' | 'N';
}

export interface IndexDefinition {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
}

export interface TableDefinition {
  /** Logical id of the table in the stacks; also the suffix of its physical name. */
  readonly id: string;
  /** `global` tables are owned by the primary cell and replicated to every cell; `regional` ones are per cell. */
  readonly scope: 'global' | 'regional';
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
  /** Epoch-seconds attribute DynamoDB TTL expires items by. */
  readonly timeToLiveAttribute?: string;
  readonly globalSecondaryIndexes: readonly IndexDefinition[];
  readonly description: string;
}

const pk: KeyAttribute = { name: 'pk', type: 'S' };
const sk: KeyAttribute = { name: 'sk', type: 'S' };

/** Every table of the product. Keys holding tenant data start with `t#<tenantId>#`. */
export const TABLES = {
  tenants: {
    id: 'Tenants',
    scope: 'global',
    partitionKey: pk,
    sortKey: sk,
    globalSecondaryIndexes: [
      { indexName: 'byCertificate', partitionKey: { name: 'certKey', type: 'S' } },
      { indexName: 'byTenantStatus', partitionKey: { name: 'kind', type: 'S' }, sortKey: sk },
    ],
    description:
      'Tenant settings, partner client certificates, daily usage counters (t#<tenant>); certificate claims (cert#<certKey>).',
  },
  conversations: {
    id: 'Conversations',
    scope: 'global',
    partitionKey: pk,
    sortKey: sk,
    timeToLiveAttribute: 'expiresAt',
    globalSecondaryIndexes: [],
    description:
      'Conversation metadata, sequence-numbered messages and idempotency records (t#<tenant>#conv#<id>).',
  },
  sessions: {
    id: 'Sessions',
    scope: 'regional',
    partitionKey: pk,
    sortKey: sk,
    timeToLiveAttribute: 'expiresAt',
    globalSecondaryIndexes: [],
    description:
      'Region-local: WebSocket connections, single-use token ids, rate-limit windows (t#<tenant>#…).',
  },
  audit: {
    id: 'Audit',
    scope: 'global',
    partitionKey: pk,
    sortKey: sk,
    globalSecondaryIndexes: [],
    description: 'Append-only audit trail of admin actions (t#<tenant>#audit).',
  },
} as const satisfies Record<string, TableDefinition>;

export type TableName = keyof typeof TABLES;

/** Delimiter-safe tenant and entity ids: letters, digits, dash and underscore only. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** An end user's id as partners send it (token `sub`, authorizer context `userId`). */
export const USER_ID_PATTERN = /^[A-Za-z0-9_.:@-]{1,128}$/;
/** An API Gateway WebSocket connection id (base64-like). */
export const CONNECTION_ID_PATTERN = /^[A-Za-z0-9_=+/-]{1,128}$/;

/** Builders for every key; nothing else in the code base concatenates key strings. */
export const keys = {
  tenantPk: (tenantId: string) => `t#${tenantId}`,
  tenantSettingsSk: 'tenant',
  certificateSk: (certKey: string) => `cert#${certKey}`,
  /** Tenants table: the one-per-certificate claim binding a certKey to the single tenant that registered it. */
  certificateClaimPk: (certKey: string) => `cert#${certKey}`,
  certificateClaimSk: 'claim',
  usageSk: (day: string) => `usage#${day}`,
  conversationPk: (tenantId: string, conversationId: string) => `t#${tenantId}#conv#${conversationId}`,
  conversationMetaSk: 'meta',
  messageSk: (seq: number) => `msg#${String(seq).padStart(12, '0')}`,
  clientMessageSk: (clientMessageId: string) => `cmid#${clientMessageId}`,
  connectionPk: (tenantId: string, conversationId: string) => `t#${tenantId}#conv#${conversationId}`,
  connectionSk: (connectionId: string) => `conn#${connectionId}`,
  tokenIdPk: (tenantId: string, jti: string) => `t#${tenantId}#jti#${jti}`,
  tokenIdSk: 'jti',
  rateWindowPk: (tenantId: string, scope: string, window: number) => `t#${tenantId}#rate#${scope}#${window}`,
  rateWindowSk: 'rate',
  /** Sessions table: the tenant's connection counters in this cell, one item per 2-hour bucket (ADR 0023). */
  connectionCountPk: (tenantId: string) => `t#${tenantId}#conns`,
  connectionCountSk: (bucket: number) => `b#${bucket}`,
  auditPk: (tenantId: string) => `t#${tenantId}#audit`,
  auditSk: (isoTime: string, id: string) => `${isoTime}#${id}`,
} as const;

/**
 * Every top-level attribute a usage-counter UpdateItem touches (key included). The worker's IAM grant on the
 * tenants table allows UpdateItem on exactly these, so it can never rewrite tenant settings.
 */
export const USAGE_COUNTER_ATTRIBUTES = ['pk', 'sk', 'tokens', 'costMicros', 'calls', 'countedAt'] as const;

/** The only attributes the LLM worker may write on a connection record: marking it gone after a 410. */
export const CONNECTION_GONE_ATTRIBUTES = ['pk', 'sk', 'goneAt'] as const;

/**
 * Tenants' MCP client-certificate secrets: exactly `livechat/mcp/<tenantId>/client-certificate`, given as that
 * name or as its full Secrets Manager ARN (the name followed by the 6-character random suffix `-XXXXXX`).
 * The fixed last segment means no tenant id can be a prefix of another's secret (`acme` vs `acme-europe`).
 */
export const MCP_CLIENT_CERTIFICATE_SECRET = {
  /** The IAM name prefix covering every tenant's secret. */
  namePrefix: 'livechat/mcp/',
  /** The fixed last segment after the tenant id. */
  nameSuffix: '/client-certificate',
  /** The secret name for one tenant; throws on a tenant id outside ID_PATTERN. */
  nameFor(tenantId: string): string {
    if (!ID_PATTERN.test(tenantId)) throw new Error('MCP secret name: invalid tenant id');
    return `livechat/mcp/${tenantId}/client-certificate`;
  },
  /** The tenant a secret id (name or ARN) belongs to, or undefined when it is not exactly of the convention. */
  tenantOf(secretId: string): string | undefined {
    const match = MCP_SECRET_ID.exec(secretId);
    return match ? (match[1] ?? match[2]) : undefined;
  },
  /** True only when the secret id is exactly the given tenant's certificate secret (name or ARN). */
  isOfTenant(secretId: string, tenantId: string): boolean {
    return ID_PATTERN.test(tenantId) && MCP_CLIENT_CERTIFICATE_SECRET.tenantOf(secretId) === tenantId;
  },
} as const;

const MCP_SECRET_ID =
  /^(?:livechat\/mcp\/([A-Za-z0-9_-]{1,64})\/client-certificate|arn:aws(?:-[a-z]+)*:secretsmanager:[a-z]{2}(?:-[a-z]+)+-\d:\d{12}:secret:livechat\/mcp\/([A-Za-z0-9_-]{1,64})\/client-certificate-[A-Za-z0-9]{6})$/;

/** Environment variable names shared by the stacks (which set them) and the handlers (which read them). */
export const ENV = {
  cellRegion: 'CELL_REGION',
  tenantsTable: 'TENANTS_TABLE',
  conversationsTable: 'CONVERSATIONS_TABLE',
  sessionsTable: 'SESSIONS_TABLE',
  auditTable: 'AUDIT_TABLE',
  turnQueueUrl: 'TURN_QUEUE_URL',
  knowledgeBucket: 'KNOWLEDGE_BUCKET',
  signingKeySecretId: 'SIGNING_KEY_SECRET_ID',
  verificationKeysSecretId: 'VERIFICATION_KEYS_SECRET_ID',
  originVerifySecretId: 'ORIGIN_VERIFY_SECRET_ID',
  llmSecretId: 'LLM_API_KEYS_SECRET_ID',
  websocketCallbackUrl: 'WEBSOCKET_CALLBACK_URL',
  websocketPublicUrl: 'WEBSOCKET_PUBLIC_URL',
  tokenIssuer: 'TOKEN_ISSUER',
  tokenAudience: 'TOKEN_AUDIENCE',
  conversationRetentionDays: 'CONVERSATION_RETENTION_DAYS',
  tenantScopedRoleArn: 'TENANT_SCOPED_ROLE_ARN',
  powertoolsServiceName: 'POWERTOOLS_SERVICE_NAME',
} as const;

/** Environment variable names of the admin API only (set by lib/constructs/admin-api.ts). */
export const ADMIN_ENV = {
  albArn: 'ADMIN_ALB_ARN',
  userPoolId: 'ADMIN_USER_POOL_ID',
  userPoolClientId: 'ADMIN_USER_POOL_CLIENT_ID',
  exportsBucket: 'ADMIN_EXPORTS_BUCKET',
  downloadsBaseUrl: 'ADMIN_DOWNLOADS_BASE_URL',
  downloadsKeyPairId: 'ADMIN_DOWNLOADS_KEY_PAIR_ID',
  downloadsPrivateKeySecretId: 'ADMIN_DOWNLOADS_PRIVATE_KEY_SECRET_ID',
  maxUploadBytes: 'ADMIN_MAX_UPLOAD_BYTES',
} as const;

export interface FunctionDefinition {
  /** Construct id and log-group suffix. */
  readonly id: string;
  /** Entry module, relative to the repository root. */
  readonly entry: string;
  /** Exported handler name. */
  readonly handler: string;
  readonly description: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
}

/** Every Lambda of the product; the CDK bundles these entries and the local runtime invokes the same ones. */
export const FUNCTIONS = {
  tokenIssuer: {
    id: 'TokenIssuer',
    entry: 'lambdas/token-issuer/handler.ts',
    handler: 'handler',
    description: 'POST /v1/session-tokens behind the mTLS partner listener',
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  authorizer: {
    id: 'ConnectAuthorizer',
    entry: 'lambdas/authorizer/handler.ts',
    handler: 'handler',
    description: 'WebSocket $connect REQUEST authorizer',
    timeoutSeconds: 5,
    memoryMb: 512,
  },
  connect: {
    id: 'Connect',
    entry: 'lambdas/connections/connect-handler.ts',
    handler: 'handler',
    description: 'WebSocket $connect: registers the connection',
    timeoutSeconds: 5,
    memoryMb: 256,
  },
  disconnect: {
    id: 'Disconnect',
    entry: 'lambdas/connections/disconnect-handler.ts',
    handler: 'handler',
    description: 'WebSocket $disconnect: removes the connection',
    timeoutSeconds: 5,
    memoryMb: 256,
  },
  chatRouter: {
    id: 'ChatRouter',
    entry: 'lambdas/chat-router/handler.ts',
    handler: 'handler',
    description: 'WebSocket routes sendMessage, resume, typing, ping and $default',
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  llmWorker: {
    id: 'LlmWorker',
    entry: 'lambdas/llm-worker/handler.ts',
    handler: 'handler',
    description: 'Answers a conversation turn from the FIFO queue and streams it to the sockets',
    timeoutSeconds: 120,
    memoryMb: 1024,
  },
  signingKeyRotation: {
    id: 'SigningKeyRotation',
    entry: 'lambdas/signing-key-rotation/handler.ts',
    handler: 'handler',
    description: 'Secrets Manager rotation of the session-token signing key set',
    timeoutSeconds: 30,
    memoryMb: 256,
  },
  admin: {
    id: 'AdminApi',
    entry: 'lambdas/admin-api/handler.ts',
    handler: 'handler',
    description: 'Partner admin API behind the Cognito-authenticated ALB listener',
    timeoutSeconds: 10,
    memoryMb: 512,
  },
} as const satisfies Record<string, FunctionDefinition>;

export type FunctionName = keyof typeof FUNCTIONS;

/** WebSocket protocol limits, shared by the router, the local gateway and the widget. */
export const PROTOCOL_LIMITS = {
  maxTextChars: 4000,
  maxFrameBytes: 32 * 1024,
  maxMessageBytes: 128 * 1024,
  idleTimeoutSeconds: 600,
  maxConnectionSeconds: 7200,
  maxTokenChars: 4096,
} as const;

/** Route keys of the WebSocket API (route selection expression `$request.body.action`). */
export const WEBSOCKET_ROUTES = ['sendMessage', 'resume', 'typing', 'ping'] as const;

/** Header CloudFront adds to WebSocket origin requests; the `$connect` authorizer checks it (origin-verify secret). */
export const ORIGIN_VERIFY_HEADER = 'x-origin-verify';

/** Session-token `iss` and cell-bound `aud` (docs/adr/0010-cell-bound-session-tokens.md). */
export const SESSION_TOKEN_CLAIMS = {
  issuer: (prefix: string) => `urn:livechat:${prefix}:token-api`,
  audience: (prefix: string, cell: string) => `urn:livechat:${prefix}:cell:${cell}`,
} as const;
