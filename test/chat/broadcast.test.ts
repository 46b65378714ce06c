// broadcast(): concurrent posts, gone connections removed, one failing socket never blocks the others.
import { broadcast } from '../../lambdas/shared/broadcast';
import { FakeConnectionRegistry, FakeSocketPublisher } from './support/fakes';

const frame = { type: 'typing', role: 'assistant' } as const;

describe('broadcast', () => {
  it('posts to every connection of the conversation and only that conversation', async () => {
    const registry = new FakeConnectionRegistry();
    const publisher = new FakeSocketPublisher();
    registry.connect('t1', 'c1', 'a');
    registry.connect('t1', 'c1', 'b');
    registry.connect('t1', 'c2', 'other-conversation');
    registry.connect('t2', 'c1', 'other-tenant');

    const result = await broadcast(registry, publisher, 't1', 'c1', frame);

    expect(result).toEqual({ sent: 2, gone: 0, failed: 0 });
    expect(publisher.posts.map((p) => p.connectionId).sort()).toEqual(['a', 'b']);
  });

  it('removes connections that answer 410 Gone from the registry', async () => {
    const registry = new FakeConnectionRegistry();
    const publisher = new FakeSocketPublisher();
    registry.connect('t1', 'c1', 'live');
    registry.connect('t1', 'c1', 'stale');
    publisher.gone.add('stale');

    const result = await broadcast(registry, publisher, 't1', 'c1', frame);

    expect(result).toEqual({ sent: 1, gone: 1, failed: 0 });
    expect((await registry.list('t1', 'c1')).map((r) => r.connectionId)).toEqual(['live']);
  });

  it('keeps posting to the others when one connection fails', async () => {
    const registry = new FakeConnectionRegistry();
    const publisher = new FakeSocketPublisher();
    for (const id of ['a', 'broken', 'c']) registry.connect('t1', 'c1', id);
    publisher.failing.add('broken');

    const result = await broadcast(registry, publisher, 't1', 'c1', frame);

    expect(result).toEqual({ sent: 2, gone: 0, failed: 1 });
    expect(publisher.posts.map((p) => p.connectionId).sort()).toEqual(['a', 'c']);
    expect(await registry.list('t1', 'c1')).toHaveLength(3);
  });

  it('skips the excluded connection', async () => {
    const registry = new FakeConnectionRegistry();
    const publisher = new FakeSocketPublisher();
    registry.connect('t1', 'c1', 'sender');
    registry.connect('t1', 'c1', 'peer');

    await broadcast(registry, publisher, 't1', 'c1', frame, { excludeConnectionId: 'sender' });

    expect(publisher.posts.map((p) => p.connectionId)).toEqual(['peer']);
  });

  it('still counts a gone connection when removing it fails', async () => {
    const registry = new FakeConnectionRegistry();
    const publisher = new FakeSocketPublisher();
    registry.connect('t1', 'c1', 'stale');
    publisher.gone.add('stale');
    registry.failRemove = true;

    expect(await broadcast(registry, publisher, 't1', 'c1', frame)).toEqual({ sent: 0, gone: 1, failed: 0 });
  });
});
