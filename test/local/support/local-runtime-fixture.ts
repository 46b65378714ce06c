// Test fixture: one local runtime per test file on free ports in a temporary state directory, stopped after all.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startLocalRuntime, type LocalRuntime } from '../../../local/runtime';
import type { Tenant } from './runtime-client';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

export interface LocalRuntimeFixture {
  /** The running runtime (available inside tests, after beforeAll). */
  readonly runtime: LocalRuntime;
  readonly stateDir: string;
  /** A demo tenant of the runtime's endpoints.json by id. */
  tenant(id: string): Tenant;
}

/** Registers beforeAll/afterAll that start and stop a quiet runtime with no provider keys in its environment. */
export function useLocalRuntime(statePrefix: string): LocalRuntimeFixture {
  const stateDir = mkdtempSync(join(tmpdir(), `${statePrefix}-`));
  let runtime: LocalRuntime | undefined;
  beforeAll(async () => {
    runtime = await startLocalRuntime({ rootDir: REPO_ROOT, stateDir, ports: 0, logLevel: 'quiet', env: {} });
  }, 120_000);
  afterAll(async () => {
    await runtime?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });
  return {
    get runtime(): LocalRuntime {
      if (!runtime) throw new Error('the local runtime is not started yet (use it inside tests)');
      return runtime;
    },
    stateDir,
    tenant(id: string): Tenant {
      const found = this.runtime.endpoints.tenants.find((t) => t.id === id);
      if (!found) throw new Error(`the local runtime has no tenant ${id}`);
      return found;
    },
  };
}
