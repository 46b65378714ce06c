// $connect / $disconnect use cases with plain fakes: registration under the verified identity and the tenant's connection limit.
import {
  CONNECTION_LIMIT_STATUS,
  createConnectHandler,
  createDisconnectHandler,
} from '../../lambdas/connections/app';
import { PROTOCOL_LIMITS } from '../../lambdas/shared/definitions';
import {
  FakeConnectionLimiter,
  FakeConnectionRegistry,
  FakeTenantStore,
  recordingLogger,
  tenantWithLimit,
  testClock,
} from './support/fakes';

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

function setup(maxConnections = 1000) {
  const registry = new FakeConnectionRegistry();
  const limiter = new FakeConnectionLimiter();
  const tenants = new FakeTenantStore();
  tenants.tenants.set('acme', tenantWithLimit('acme', maxConnections));
  const clock = testClock();
  const { logger, lines } = recordingLogger();
  const deps = { registry, limiter, tenants, clock, logger };
  /** The event API Gateway sends for one socket: same connection id and connectedAt on connect and disconnect. */
  const eventOf = (connectionId: string, connectedAt = clock.now(), conversationId = 'conv-1') => ({
    requestContext: { connectionId, connectedAt, authorizer: { ...authorizer, conversationId } },
  });
  return {
    ...deps,
    lines,
    eventOf,
    connect: createConnectHandler(deps),
    disconnect: createDisconnectHandler(deps),
  };
}

describe('$connect', () => {
  it('registers the connection under the tenant and conversation from the authorizer, at API Gateway connectedAt', async () => {
    const { connect, registry, clock, limiter, eventOf } = setup();
    const connectedAt = clock.now() - 150;
    const result = await connect(eventOf('Abc123=', connectedAt), {} as never);
    expect(result).toEqual({ statusCode: 200 });
    expect(await registry.list('acme', 'conv-1')).toEqual([
      {
        tenantId: 'acme',
        conversationId: 'conv-1',
        connectionId: 'Abc123=',
        userId: 'user-1',
        connectedAt: new Date(connectedAt).toISOString(),
        expiresAt: clock.now() / 1000 + PROTOCOL_LIMITS.maxConnectionSeconds + 600,
      },
    ]);
    expect(limiter.counted('acme', clock.now())).toBe(1);
  });

  it('refuses with 429 over the tenant limit and registers nothing', async () => {
    const { connect, registry, limiter, clock, lines, eventOf } = setup(2);
    expect((await connect(eventOf('A1='), {} as never)).statusCode).toBe(200);
    expect((await connect(eventOf('A2=', clock.now(), 'conv-2'), {} as never)).statusCode).toBe(200);
    expect(await connect(eventOf('A3=', clock.now(), 'conv-3'), {} as never)).toEqual({
      statusCode: CONNECTION_LIMIT_STATUS,
    });
    expect(CONNECTION_LIMIT_STATUS).toBe(429);
    expect(await registry.list('acme', 'conv-3')).toEqual([]);
    expect(registry.records.size).toBe(2);
    expect(limiter.counted('acme', clock.now())).toBe(2);
    expect(lines.some((l) => l.includes('connection limit reached'))).toBe(true);
  });

  it('counts connections opened in the previous 2-hour bucket that are still open', async () => {
    const { connect, registry, clock, eventOf } = setup(2);
    // 11:30 and 11:40 are in the bucket before 12:00; at 12:10 both may still be open.
    clock.advanceSeconds(-30 * 60);
    expect((await connect(eventOf('Old1='), {} as never)).statusCode).toBe(200);
    clock.advanceSeconds(10 * 60);
    expect((await connect(eventOf('Old2='), {} as never)).statusCode).toBe(200);
    clock.advanceSeconds(30 * 60);
    expect((await connect(eventOf('New1='), {} as never)).statusCode).toBe(429);
    expect(registry.records.has('acme|conv-1|New1=')).toBe(false);
  });

  it('undoes the count when registration fails, and reports the failure', async () => {
    const { connect, registry, limiter, clock, eventOf } = setup(1);
    registry.failAdd = true;
    await expect(connect(eventOf('Fail1='), {} as never)).rejects.toThrow('registry unavailable');
    expect(limiter.counted('acme', clock.now())).toBe(0);
    registry.failAdd = false;
    expect((await connect(eventOf('Ok1='), {} as never)).statusCode).toBe(200);
  });

  it('refuses a tenant whose settings are gone or suspended with 403 and counts nothing', async () => {
    const { connect, tenants, limiter, clock, eventOf } = setup();
    tenants.tenants.set('acme', { ...tenantWithLimit('acme', 5), status: 'suspended' });
    expect((await connect(eventOf('S1='), {} as never)).statusCode).toBe(403);
    tenants.tenants.delete('acme');
    expect((await connect(eventOf('S2='), {} as never)).statusCode).toBe(403);
    expect(limiter.counted('acme', clock.now())).toBe(0);
  });

  it.each([
    ['no authorizer context', { connectionId: 'Abc123=', connectedAt: Date.parse('2026-11-23T12:00:00Z') }],
    [
      'a tenant id with a key delimiter',
      {
        connectionId: 'Abc123=',
        connectedAt: Date.parse('2026-11-23T12:00:00Z'),
        authorizer: { ...authorizer, tenantId: 'a#b' },
      },
    ],
    ['no connection id', { authorizer, connectedAt: Date.parse('2026-11-23T12:00:00Z') }],
    ['no connectedAt', { connectionId: 'Abc123=', authorizer }],
    [
      'a connectedAt far in the future',
      { connectionId: 'Abc123=', authorizer, connectedAt: 4_102_444_800_000 },
    ],
    ['a connectedAt as text', { connectionId: 'Abc123=', authorizer, connectedAt: '1795000000000' }],
  ])('refuses an event with %s and neither counts nor registers', async (_name, requestContext) => {
    const { connect, registry, limiter } = setup();
    await expect(connect({ requestContext } as never, {} as never)).rejects.toThrow();
    expect(registry.records.size).toBe(0);
    expect(limiter.open.size).toBe(0);
  });
});

describe('$disconnect', () => {
  it('removes the connection and releases its count once, even when delivered twice', async () => {
    const { connect, disconnect, registry, limiter, clock, eventOf } = setup(2);
    await connect(eventOf('Keep1=', clock.now(), 'conv-2'), {} as never);
    const event = eventOf('Twice1=');
    await connect(event, {} as never);
    expect(limiter.counted('acme', clock.now())).toBe(2);
    expect(await disconnect(event, {} as never)).toEqual({ statusCode: 200 });
    expect(await disconnect(event, {} as never)).toEqual({ statusCode: 200 });
    expect(await registry.list('acme', 'conv-1')).toEqual([]);
    expect(limiter.releases).toBe(1);
    expect(limiter.counted('acme', clock.now())).toBe(1);
  });

  it('frees the slot: the next connect after a disconnect gets in', async () => {
    const { connect, disconnect, clock, eventOf } = setup(1);
    const first = eventOf('First1=');
    expect((await connect(first, {} as never)).statusCode).toBe(200);
    expect((await connect(eventOf('Second1='), {} as never)).statusCode).toBe(429);
    clock.advanceSeconds(60);
    await disconnect(first, {} as never);
    expect((await connect(eventOf('Third1='), {} as never)).statusCode).toBe(200);
  });

  it('releases the count in the bucket of connectedAt, not of the disconnect time', async () => {
    const { connect, disconnect, limiter, clock, eventOf } = setup(5);
    clock.advanceSeconds(-10 * 60); // 11:50, the bucket before 12:00
    const event = eventOf('Span1=');
    await connect(event, {} as never);
    clock.advanceSeconds(20 * 60); // 12:10
    await disconnect(event, {} as never);
    expect(limiter.counted('acme', clock.now())).toBe(0);
  });

  it('releases by the connect time stored in the record, even when the $disconnect event lacks connectedAt', async () => {
    const { connect, disconnect, registry, limiter, eventOf } = setup();
    const event = eventOf('NoAt1=');
    await connect(event, {} as never);
    const { connectedAt: _dropped, ...withoutConnectedAt } = event.requestContext;
    await disconnect({ requestContext: withoutConnectedAt } as never, {} as never);
    expect(registry.records.size).toBe(0);
    expect(limiter.releases).toBe(1);
  });

  it('removes a record without a readable connect time but releases nothing (the count ages out)', async () => {
    const { connect, disconnect, registry, limiter, lines, eventOf } = setup();
    const event = eventOf('BadAt1=');
    await connect(event, {} as never);
    for (const record of registry.records.values()) Object.assign(record, { connectedAt: 'not a date' });
    await disconnect(event, {} as never);
    expect(registry.records.size).toBe(0);
    expect(limiter.releases).toBe(0);
    expect(lines.some((l) => l.includes('ages out'))).toBe(true);
  });

  it('refuses a $connect whose connectedAt is not now (it would be counted in a bucket nobody reads)', async () => {
    const { connect, registry, limiter, clock, eventOf } = setup();
    const event = eventOf('Old1=');
    clock.advanceSeconds(3600);
    await expect(connect(event, {} as never)).rejects.toThrow('connectedAt');
    expect(registry.records.size).toBe(0);
    expect(limiter.releases).toBe(0);
  });
});
