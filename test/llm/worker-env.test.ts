// Worker environment: validated once, clear errors, SDK variables honoured for local runs.
import { readWorkerEnv } from '../../lambdas/llm-worker/env';
import { ENV } from '../../lambdas/shared/definitions';

const base = {
  [ENV.tenantsTable]: 'tenants',
  [ENV.conversationsTable]: 'conversations',
  [ENV.sessionsTable]: 'sessions',
  [ENV.knowledgeBucket]: 'kb',
  [ENV.websocketCallbackUrl]: 'http://127.0.0.1:3001/local',
  [ENV.conversationRetentionDays]: '30',
};

describe('readWorkerEnv', () => {
  it('accepts the secret id alone (Lambda) with default stream timeouts', () => {
    const env = readWorkerEnv({ ...base, [ENV.llmSecretId]: 'arn:aws:secretsmanager:eu-west-1:1:secret:x' });
    expect(env.LLM_FIRST_TOKEN_TIMEOUT_MS).toBe(20_000);
    expect(env.LLM_STREAM_IDLE_TIMEOUT_MS).toBe(15_000);
    expect(env[ENV.conversationRetentionDays]).toBe(30);
  });

  it('accepts the SDK variables alone (local) and keeps the base URLs', () => {
    const env = readWorkerEnv({
      ...base,
      OPENAI_API_KEY: 'k',
      OPENAI_BASE_URL: 'http://127.0.0.1:4000/v1',
      ANTHROPIC_BASE_URL: '',
    });
    expect(env.OPENAI_BASE_URL).toBe('http://127.0.0.1:4000/v1');
    expect(env.ANTHROPIC_BASE_URL).toBeUndefined();
  });

  it('refuses an environment without any key source', () => {
    expect(() => readWorkerEnv(base)).toThrow(/LLM_API_KEYS_SECRET_ID or OPENAI_API_KEY/);
  });

  it('names every missing or invalid variable', () => {
    expect(() => readWorkerEnv({ OPENAI_API_KEY: 'k', OPENAI_BASE_URL: 'not a url' })).toThrow(
      /TENANTS_TABLE[\s\S]*WEBSOCKET_CALLBACK_URL[\s\S]*OPENAI_BASE_URL/,
    );
  });
});
