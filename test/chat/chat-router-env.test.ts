// The router's environment is validated once at cold start; a bad or missing variable is named in the error.
import { ENV } from '../../lambdas/shared/definitions';
import { EnvironmentError } from '../../lambdas/shared/env';
import { readChatRouterEnv } from '../../lambdas/chat-router/env';

const valid = {
  [ENV.cellRegion]: 'eu-west-1',
  [ENV.conversationsTable]: 'livechat-dev-Conversations',
  [ENV.sessionsTable]: 'livechat-dev-Sessions',
  [ENV.tenantsTable]: 'livechat-dev-Tenants',
  [ENV.turnQueueUrl]: 'https://sqs.eu-west-1.amazonaws.com/111111111111/turns.fifo',
  [ENV.websocketCallbackUrl]: 'https://abc.execute-api.eu-west-1.amazonaws.com/prod',
  [ENV.conversationRetentionDays]: '30',
  [ENV.tenantScopedRoleArn]: 'arn:aws:iam::111111111111:role/tenant-scoped',
};

describe('readChatRouterEnv', () => {
  it('reads every variable the stack binds', () => {
    expect(readChatRouterEnv(valid)).toEqual({
      region: 'eu-west-1',
      conversationsTable: 'livechat-dev-Conversations',
      sessionsTable: 'livechat-dev-Sessions',
      tenantsTable: 'livechat-dev-Tenants',
      turnQueueUrl: valid[ENV.turnQueueUrl],
      callbackUrl: valid[ENV.websocketCallbackUrl],
      retentionDays: 30,
      tenantScopedRoleArn: valid[ENV.tenantScopedRoleArn],
    });
  });

  it('runs without the tenant-scoped role only when none is configured (local runtime)', () => {
    const { [ENV.tenantScopedRoleArn]: _omitted, ...local } = valid;
    expect(readChatRouterEnv(local).tenantScopedRoleArn).toBeUndefined();
  });

  it.each([
    [ENV.turnQueueUrl, 'not a url'],
    [ENV.conversationRetentionDays, '0'],
    [ENV.tenantScopedRoleArn, 'arn:aws:iam::1:user/x'],
    [ENV.cellRegion, undefined],
  ])('names %s when it is invalid or missing', (name, value) => {
    const env: Record<string, string | undefined> = { ...valid, [name]: value };
    expect(() => readChatRouterEnv(env)).toThrow(EnvironmentError);
    expect(() => readChatRouterEnv(env)).toThrow(name);
  });
});
