// Delta coalescing: the first delta goes at once, later ones on sentence ends or after the interval.
import { DeltaCoalescer } from '../../lambdas/llm-worker/domain/delta-coalescer';

describe('DeltaCoalescer', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('sends the first text immediately', () => {
    const sent: string[] = [];
    const coalescer = new DeltaCoalescer((t) => sent.push(t));
    coalescer.push('Hello');
    expect(sent).toEqual(['Hello']);
  });

  it('buffers later text until the interval elapses', () => {
    const sent: string[] = [];
    const coalescer = new DeltaCoalescer((t) => sent.push(t), { intervalMs: 50 });
    coalescer.push('Hello');
    coalescer.push(' wor');
    coalescer.push('ld');
    expect(sent).toEqual(['Hello']);
    jest.advanceTimersByTime(50);
    expect(sent).toEqual(['Hello', ' world']);
  });

  it('flushes on a sentence boundary without waiting', () => {
    const sent: string[] = [];
    const coalescer = new DeltaCoalescer((t) => sent.push(t), { intervalMs: 50 });
    coalescer.push('Hi');
    coalescer.push(' there. ');
    expect(sent).toEqual(['Hi', ' there. ']);
  });

  it('flush() sends the rest and cancels the timer', () => {
    const sent: string[] = [];
    const coalescer = new DeltaCoalescer((t) => sent.push(t), { intervalMs: 50 });
    coalescer.push('a');
    coalescer.push('b');
    coalescer.flush();
    jest.advanceTimersByTime(100);
    expect(sent).toEqual(['a', 'b']);
  });

  it('ignores empty text', () => {
    const sent: string[] = [];
    const coalescer = new DeltaCoalescer((t) => sent.push(t));
    coalescer.push('');
    coalescer.flush();
    expect(sent).toEqual([]);
  });
});
