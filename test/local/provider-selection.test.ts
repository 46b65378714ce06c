// Demo tenants use a provider with a real key first; its base URL is the developer's, the other stays on the fake.
import { DEMO_TENANTS, demoTenantSettings } from '../../local/demo-tenants';
import { lambdaEnvironment } from '../../local/lambda-environment';

const fake = { openaiBaseUrl: 'http://127.0.0.1:1/v1', anthropicBaseUrl: 'http://127.0.0.1:1' };
const environmentFor = (hostEnv: NodeJS.ProcessEnv) =>
  lambdaEnvironment({
    region: 'eu-west-1',
    prefix: 'livechat-local',
    tables: { tenants: 't', conversations: 'c', sessions: 's', audit: 'a' },
    turnQueueUrl: 'http://127.0.0.1:2/000000000000/turns.fifo',
    turnMaxReceiveCount: 5,
    knowledgeBucket: 'k',
    secrets: { signingKeys: 'sk', verificationKeys: 'vk', originVerify: 'ov', llmApiKeys: 'llm' },
    callbackUrl: 'http://127.0.0.1:3/ws',
    websocketUrl: 'ws://127.0.0.1:3/ws',
    services: {
      dynamodb: 'http://d',
      s3: 'http://s',
      sqs: 'http://q',
      secretsManager: 'http://m',
      fakeLlm: fake,
    },
    hostEnv,
  });
const providers = (env: NodeJS.ProcessEnv) =>
  demoTenantSettings(DEMO_TENANTS[0]!, ['http://127.0.0.1:4'], env).llm.providers.map((p) => p.provider);

describe('LLM provider selection', () => {
  it('uses the fake for both providers without keys', () => {
    expect(providers({})).toEqual(['openai', 'anthropic']);
    expect(environmentFor({})).toMatchObject({
      OPENAI_BASE_URL: fake.openaiBaseUrl,
      ANTHROPIC_BASE_URL: fake.anthropicBaseUrl,
    });
  });

  it('puts Anthropic first with ANTHROPIC_API_KEY and honours ANTHROPIC_BASE_URL, OpenAI stays on the fake', () => {
    const hostEnv = { ANTHROPIC_API_KEY: 'sk-ant', ANTHROPIC_BASE_URL: 'https://proxy.example' };
    expect(providers(hostEnv)).toEqual(['anthropic', 'openai']);
    expect(environmentFor(hostEnv)).toMatchObject({
      ANTHROPIC_BASE_URL: 'https://proxy.example',
      OPENAI_BASE_URL: fake.openaiBaseUrl,
    });
  });

  it("puts OpenAI first with OPENAI_API_KEY and leaves its base URL to the SDK's default", () => {
    const env = environmentFor({ OPENAI_API_KEY: 'sk-openai' });
    expect(providers({ OPENAI_API_KEY: 'sk-openai' })).toEqual(['openai', 'anthropic']);
    expect(env.OPENAI_BASE_URL).toBeUndefined();
    expect(env.ANTHROPIC_BASE_URL).toBe(fake.anthropicBaseUrl);
  });

  it('points the SDK clients at the local services through the standard variables', () => {
    expect(environmentFor({})).toMatchObject({
      AWS_ENDPOINT_URL_DYNAMODB: 'http://d',
      AWS_ENDPOINT_URL_S3: 'http://s',
      AWS_ENDPOINT_URL_SQS: 'http://q',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: 'http://m',
      WEBSOCKET_CALLBACK_URL: 'http://127.0.0.1:3/ws',
    });
  });
});
