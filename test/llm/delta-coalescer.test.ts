// Delta coalescing: the first delta goes at once, later ones at most once per interval, sentence ends first.
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

  it('flushes on a sentence boundary without waiting once the interval has passed', () => {
    const sent: string[] = [];
    const coalescer = new DeltaCoalescer((t) => sent.push(t), { intervalMs: 50 });
    coalescer.push('Hi');
    jest.advanceTimersByTime(60);
    coalescer.push(' there. ');
    expect(sent).toEqual(['Hi', ' there. ']);
  });

  it('sends at most one delta per interval however many sentences a fast stream ends', () => {
    const sent: string[] = [];
    const coalescer = new DeltaCoalescer((t) => sent.push(t), { intervalMs: 50 });
    coalescer.push('One. ');
    jest.advanceTimersByTime(10);
    coalescer.push('Two. ');
    jest.advanceTimersByTime(10);
    coalescer.push('Three. ');
    expect(sent).toEqual(['One. ']);
    jest.advanceTimersByTime(29);
    expect(sent).toEqual(['One. ']);
    jest.advanceTimersByTime(1);
    expect(sent).toEqual(['One. ', 'Two. Three. ']);
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
