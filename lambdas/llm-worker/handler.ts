// LLM worker entry (FUNCTIONS.llmWorker): SQS FIFO turns → answerTurn with SDK clients created once per container.
import { randomBytes } from 'node:crypto';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { ApiGatewaySocketPublisher } from '../shared/adapters/api-gateway-socket-publisher';
import { DynamoDbConnectionRegistry } from '../shared/adapters/dynamodb-connection-registry';
import { DynamoDbConversationStore } from '../shared/adapters/dynamodb-conversation-store';
import { DynamoDbTenantStore } from '../shared/adapters/dynamodb-tenant-store';
import { DynamoDbUsageLedger } from '../shared/adapters/dynamodb-usage-ledger';
import { McpToolClient } from '../shared/adapters/mcp-client';
import { S3KnowledgeSource } from '../shared/adapters/s3-knowledge-source';
import { SecretsManagerSecretSource } from '../shared/adapters/secrets-manager-secret-source';
import { StsTenantCredentials } from '../shared/adapters/sts-tenant-credentials';
import { ENV } from '../shared/definitions';
import { logger } from '../shared/logger';
import { answerTurn, recordUnanswerableTurn, type AnswerTurnDependencies } from './answer-turn';
import { CachedUsageLedger } from './cached-usage-ledger';
import { readWorkerEnv } from './env';
import { AnthropicProvider } from './providers/anthropic-provider';
import { ApiKeyResolver } from './providers/api-keys';
import { CircuitBreakers } from './providers/circuit-breaker';
import { OpenAiProvider } from './providers/openai-provider';
import { abortableSleep, ResilientLlmChain } from './providers/resilient-provider';
import { perTenant, TenantRoutedConversationStore, TenantRoutedKnowledgeSource } from './tenant-scoped-ports';
import { processTurnBatch } from './turn-batch';

const env = readWorkerEnv();
const cell = env[ENV.cellRegion] ?? env.AWS_REGION ?? 'local';
const documentClient = (client: DynamoDBClient) =>
  DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
const doc = documentClient(new DynamoDBClient({}));
const forcePathStyle = Boolean(env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL);
// In AWS, tenant data (conversations, the knowledge prefix) is reached only with tenant-scoped credentials
// (ADR 0021): IAM then refuses another tenant's keys even if the code were wrong. Locally there is no STS.
const scopedRoleArn = env[ENV.tenantScopedRoleArn];
const tenantCredentials = scopedRoleArn
  ? new StsTenantCredentials(new STSClient({}), scopedRoleArn)
  : undefined;
const conversationStoreFor = perTenant((tenantId) => {
  const tenantDoc = tenantCredentials
    ? documentClient(new DynamoDBClient({ credentials: tenantCredentials.providerFor(tenantId) }))
    : doc;
  return new DynamoDbConversationStore(
    tenantDoc,
    env[ENV.conversationsTable],
    env[ENV.conversationRetentionDays],
  );
});
const sharedS3 = new S3Client({ forcePathStyle });
const knowledgeFor = perTenant((tenantId) => {
  const client = tenantCredentials
    ? new S3Client({ forcePathStyle, credentials: tenantCredentials.providerFor(tenantId) })
    : sharedS3;
  return new S3KnowledgeSource(client, env[ENV.knowledgeBucket]);
});
const secrets = new SecretsManagerSecretSource(new SecretsManagerClient({}), { ttlMs: 300_000 });
const tenants = new DynamoDbTenantStore(doc, env[ENV.tenantsTable]);
const llmSecretId = env[ENV.llmSecretId];
const keys = new ApiKeyResolver({
  environmentKeys: { openai: env.OPENAI_API_KEY, anthropic: env.ANTHROPIC_API_KEY },
  ...(llmSecretId ? { secret: { source: secrets, secretId: llmSecretId } } : {}),
});
const timeouts = { firstTokenMs: env.LLM_FIRST_TOKEN_TIMEOUT_MS, idleMs: env.LLM_STREAM_IDLE_TIMEOUT_MS };
const requestTimeoutMs = 60_000;
const breakers = new CircuitBreakers({ failureThreshold: 5, coolDownMs: 30_000 });

const dependencies: AnswerTurnDependencies = {
  tenants,
  conversations: new TenantRoutedConversationStore(conversationStoreFor),
  connections: new DynamoDbConnectionRegistry(doc, env[ENV.sessionsTable]),
  publisher: new ApiGatewaySocketPublisher(
    new ApiGatewayManagementApiClient({ endpoint: env[ENV.websocketCallbackUrl] }),
  ),
  knowledge: new TenantRoutedKnowledgeSource(knowledgeFor),
  usage: new CachedUsageLedger(new DynamoDbUsageLedger(doc, env[ENV.tenantsTable], cell)),
  tools: new McpToolClient(tenants, secrets),
  chain: new ResilientLlmChain({
    breakers,
    clock: { now: () => Date.now() },
    random: Math.random,
    sleep: abortableSleep,
    onAttemptFailed: (failure) => logger.warn('LLM attempt failed', { ...failure }),
  }),
  providers: {
    openai: new OpenAiProvider({ keys, baseURL: env.OPENAI_BASE_URL, timeouts, requestTimeoutMs }),
    anthropic: new AnthropicProvider({ keys, baseURL: env.ANTHROPIC_BASE_URL, timeouts, requestTimeoutMs }),
  },
  clock: { now: () => Date.now() },
  newCanary: () => `cnry-${randomBytes(12).toString('hex')}`,
  logger,
};

/** Leaves this much of the invocation to store a failed turn and send the error frame. */
const SAFETY_MARGIN_MS = 10_000;

async function handleTurns(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  const remaining =
    typeof context.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() : 120_000;
  const deadline = AbortSignal.timeout(Math.max(1_000, remaining - SAFETY_MARGIN_MS));
  return processTurnBatch(
    event.Records,
    (turn) => answerTurn(turn, dependencies, { signal: deadline }),
    logger,
    {
      maxReceiveCount: env.TURN_MAX_RECEIVE_COUNT,
      giveUp: (turn) => recordUnanswerableTurn(turn, dependencies),
    },
  );
}

/** middy is ESM-only; a dynamic import keeps this module loadable from CommonJS tests and esbuild inlines it. */
const wrapped = import('@middy/core').then(({ default: middy }) =>
  middy<SQSEvent, SQSBatchResponse>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(handleTurns),
);

export async function handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  return (await wrapped)(event, context);
}
