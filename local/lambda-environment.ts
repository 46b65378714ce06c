// The environment the stacks give the functions, pointed at the local services (set before importing the bundles).
import { ENV, SESSION_TOKEN_CLAIMS, type TableName } from '../lambdas/shared/definitions';
import type { SecretArns } from './seed';

export interface LocalServiceUrls {
  readonly dynamodb: string;
  readonly s3: string;
  readonly sqs: string;
  readonly secretsManager: string;
  readonly fakeLlm: { readonly openaiBaseUrl: string; readonly anthropicBaseUrl: string };
}

export interface LambdaEnvironmentInput {
  readonly region: string;
  readonly prefix: string;
  readonly tables: Readonly<Record<TableName, string>>;
  readonly turnQueueUrl: string;
  readonly turnMaxReceiveCount: number;
  readonly knowledgeBucket: string;
  readonly secrets: SecretArns;
  readonly callbackUrl: string;
  readonly websocketUrl: string;
  readonly services: LocalServiceUrls;
  /** The developer's environment: real provider keys and base URLs, LOG_LEVEL. */
  readonly hostEnv: NodeJS.ProcessEnv;
}

/**
 * Standard SDK variables (AWS_ENDPOINT_URL_<SERVICE>) point the handlers' real clients at the local
 * services; the product variables (ENV.*) carry what the CDK stacks bind. A provider with a real key
 * in the environment keeps the developer's base URL (or the provider's default); the others use the fake.
 */
export function lambdaEnvironment(input: LambdaEnvironmentInput): Record<string, string> {
  const { hostEnv, services } = input;
  const env: Record<string, string> = {
    AWS_REGION: input.region,
    AWS_DEFAULT_REGION: input.region,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL_DYNAMODB: services.dynamodb,
    AWS_ENDPOINT_URL_S3: services.s3,
    AWS_ENDPOINT_URL_SQS: services.sqs,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: services.secretsManager,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
    NODE_OPTIONS: '--enable-source-maps',
    LOG_LEVEL: hostEnv.LOG_LEVEL ?? 'WARN',
    POWERTOOLS_LOG_LEVEL: hostEnv.LOG_LEVEL ?? 'WARN',
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_METRICS_NAMESPACE: 'LiveChatLocal',
    [ENV.cellRegion]: input.region,
    [ENV.tenantsTable]: input.tables.tenants,
    [ENV.conversationsTable]: input.tables.conversations,
    [ENV.sessionsTable]: input.tables.sessions,
    [ENV.auditTable]: input.tables.audit,
    [ENV.turnQueueUrl]: input.turnQueueUrl,
    [ENV.knowledgeBucket]: input.knowledgeBucket,
    [ENV.signingKeySecretId]: input.secrets.signingKeys,
    [ENV.verificationKeysSecretId]: input.secrets.verificationKeys,
    [ENV.originVerifySecretId]: input.secrets.originVerify,
    [ENV.llmSecretId]: input.secrets.llmApiKeys,
    [ENV.websocketCallbackUrl]: input.callbackUrl,
    [ENV.websocketPublicUrl]: input.websocketUrl,
    [ENV.tokenIssuer]: SESSION_TOKEN_CLAIMS.issuer(input.prefix),
    [ENV.tokenAudience]: SESSION_TOKEN_CLAIMS.audience(input.prefix, input.region),
    [ENV.conversationRetentionDays]: '30',
    // The LlmWorker construct sets the turn queue's maxReceiveCount here.
    TURN_MAX_RECEIVE_COUNT: String(input.turnMaxReceiveCount),
  };
  if (hostEnv.OPENAI_API_KEY) {
    if (hostEnv.OPENAI_BASE_URL) env.OPENAI_BASE_URL = hostEnv.OPENAI_BASE_URL;
  } else {
    env.OPENAI_BASE_URL = services.fakeLlm.openaiBaseUrl;
  }
  if (hostEnv.ANTHROPIC_API_KEY) {
    if (hostEnv.ANTHROPIC_BASE_URL) env.ANTHROPIC_BASE_URL = hostEnv.ANTHROPIC_BASE_URL;
  } else {
    env.ANTHROPIC_BASE_URL = services.fakeLlm.anthropicBaseUrl;
  }
  return env;
}
