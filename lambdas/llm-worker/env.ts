// The LLM worker's environment, read and validated once at cold start.
import { ENV } from '../shared/definitions';
import { readEnv } from '../shared/env';
import * as z from '../shared/zod-mini';

const optionalText = z.pipe(
  z.optional(z.string()),
  z.transform((v: string | undefined) => (v && v.trim() ? v.trim() : undefined)),
);
const optionalUrl = z.pipe(optionalText, z.optional(z.url()));
const boundedInt = (min: number, max: number) =>
  z.coerce.number().check(z.int(), z.minimum(min), z.maximum(max));
const milliseconds = (fallback: number) => z._default(boundedInt(100, 600_000), fallback);

export const workerEnvSchema = z.object({
  [ENV.tenantsTable]: z.string().check(z.minLength(1)),
  [ENV.conversationsTable]: z.string().check(z.minLength(1)),
  [ENV.sessionsTable]: z.string().check(z.minLength(1)),
  [ENV.knowledgeBucket]: z.string().check(z.minLength(1)),
  [ENV.websocketCallbackUrl]: z.url(),
  [ENV.conversationRetentionDays]: boundedInt(1, 3653),
  /** The cell (region) name used in usage counters; falls back to AWS_REGION. */
  [ENV.cellRegion]: optionalText,
  AWS_REGION: optionalText,
  /** Role assumed per tenant for conversations and the knowledge prefix (ADR 0021); absent locally. */
  [ENV.tenantScopedRoleArn]: optionalText,
  /** Secret JSON {"openai":"…","anthropic":"…"}; optional locally where the SDK variables are used. */
  [ENV.llmSecretId]: optionalText,
  OPENAI_API_KEY: optionalText,
  ANTHROPIC_API_KEY: optionalText,
  OPENAI_BASE_URL: optionalUrl,
  ANTHROPIC_BASE_URL: optionalUrl,
  /** Local S3-compatible endpoints need path-style addressing. */
  AWS_ENDPOINT_URL_S3: optionalText,
  AWS_ENDPOINT_URL: optionalText,
  /** The turn queue's maxReceiveCount (set by the LlmWorker construct). */
  TURN_MAX_RECEIVE_COUNT: z._default(boundedInt(1, 1000), 5),
  LLM_FIRST_TOKEN_TIMEOUT_MS: milliseconds(20_000),
  LLM_STREAM_IDLE_TIMEOUT_MS: milliseconds(15_000),
});

export type WorkerEnv = z.infer<typeof workerEnvSchema>;

export function readWorkerEnv(source: NodeJS.ProcessEnv = process.env): WorkerEnv {
  const env = readEnv(workerEnvSchema, source);
  if (!env[ENV.llmSecretId] && !env.OPENAI_API_KEY && !env.ANTHROPIC_API_KEY) {
    throw new Error(
      `Invalid Lambda environment: set ${ENV.llmSecretId} or OPENAI_API_KEY / ANTHROPIC_API_KEY`,
    );
  }
  return env;
}
