// The end-to-end floor driver: a short run through the in-process handlers answers every message and cleans up.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { DirectResult } from '../../bench/direct-handlers';

const REPO_ROOT = join(__dirname, '..', '..');
const run = promisify(execFile);

describe('bench/direct-handlers.ts (the end-to-end floor)', () => {
  let result: DirectResult;

  beforeAll(async () => {
    const { stdout } = await run(
      join(REPO_ROOT, 'node_modules', '.bin', 'tsx'),
      [
        join(REPO_ROOT, 'bench', 'direct-handlers.ts'),
        ...['--sockets', '5', '--rate', '5', '--duration', '1', '--grace', '10'],
      ],
      { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024, timeout: 100_000 },
    );
    result = JSON.parse(stdout.trim().split('\n').at(-1)!) as DirectResult;
  });

  it('acknowledges and answers every scheduled message', () => {
    expect(result.scheduled).toBe(5);
    expect(result.acked).toBe(result.scheduled);
    expect(result.answered).toBe(result.scheduled);
    expect(result.lost).toBe(0);
    expect(result.errors).toEqual({});
  });

  it('reports latencies measured from the scheduled send time', () => {
    for (const value of [...Object.values(result.ackMs), ...Object.values(result.firstDeltaMs)]) {
      expect(typeof value).toBe('number');
      expect(value).toBeGreaterThanOrEqual(0);
    }
  });

  it('reports the CPU spent per message', () => {
    expect(result.cpuMsPerMessage).toBeGreaterThan(0);
    expect(result.cpuMs.driver).toBeGreaterThan(0);
  });

  it('stops the DynamoDB child before exiting', () => {
    expect(result.dynamoPid).toBeGreaterThan(0);
    expect(existsSync(`/proc/${result.dynamoPid}`)).toBe(false);
  });
});
