// $connect / $disconnect handlers: register and remove the connection under the authorizer's verified identity.
import { createConnectHandler, createDisconnectHandler } from '../../lambdas/connections/app';
import { PROTOCOL_LIMITS } from '../../lambdas/shared/definitions';
import { FakeConnectionRegistry, recordingLogger } from './support/fakes';
import { testClock } from './support/fixtures';

const authorizer = {
  tenantId: 'acme',
  userId: 'user-1',
  conversationId: 'conv-1',
  jti: 'jti-1',
  cell: 'eu-west-1',
  tokenExpiresAt: '1795000000',
  principalId: 't#acme',
  integrationLatency: 12,
};

function setup() {
  const registry = new FakeConnectionRegistry();
  const clock = testClock();
  const { logger } = recordingLogger();
  return {
    registry,
    clock,
    connect: createConnectHandler({ registry, clock, logger }),
    disconnect: createDisconnectHandler({ registry, clock, logger }),
  };
}

describe('connection handlers', () => {
  it('$connect registers the connection under the tenant and conversation from the authorizer', async () => {
    const { connect, registry, clock } = setup();
    const result = await connect(
      { requestContext: { connectionId: 'Abc123=', routeKey: '$connect', authorizer } },
      {} as never,
    );
    expect(result).toEqual({ statusCode: 200 });
    expect(await registry.list('acme', 'conv-1')).toEqual([
      {
        tenantId: 'acme',
        conversationId: 'conv-1',
        connectionId: 'Abc123=',
        userId: 'user-1',
        connectedAt: new Date(clock.now()).toISOString(),
        expiresAt: clock.now() / 1000 + PROTOCOL_LIMITS.maxConnectionSeconds + 600,
      },
    ]);
  });

  it('$disconnect removes it, and a repeated $disconnect is harmless', async () => {
    const { connect, disconnect, registry } = setup();
    const event = { requestContext: { connectionId: 'Abc123=', authorizer } };
    await connect(event, {} as never);
    expect(await disconnect(event, {} as never)).toEqual({ statusCode: 200 });
    expect(await disconnect(event, {} as never)).toEqual({ statusCode: 200 });
    expect(await registry.list('acme', 'conv-1')).toEqual([]);
  });

  it.each([
    ['no authorizer context', { connectionId: 'Abc123=' }],
    [
      'a tenant id with a key delimiter',
      { connectionId: 'Abc123=', authorizer: { ...authorizer, tenantId: 'a#b' } },
    ],
    ['no connection id', { authorizer }],
  ])('$connect refuses an event with %s and registers nothing', async (_name, requestContext) => {
    const { connect, registry } = setup();
    await expect(connect({ requestContext } as never, {} as never)).rejects.toThrow();
    expect(registry.records.size).toBe(0);
  });
});
