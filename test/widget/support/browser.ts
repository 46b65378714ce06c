// Launches Debian's Chromium through playwright-core; skips only when it is absent outside CI.
import { existsSync, mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export type BrowserAvailability = { run: true } | { run: false; reason: string };

/** Present → run. Absent and CI unset → skip with a message. Absent under CI → run, so the launch fails loudly. */
export function browserAvailability(): BrowserAvailability {
  if (existsSync(CHROMIUM_PATH)) return { run: true };
  if (process.env.CI) return { run: true };
  return {
    run: false,
    reason: `SKIPPED browser tests: ${CHROMIUM_PATH} not found (install it with scripts/install-browser.sh; under CI=true this fails).`,
  };
}

/** A persistent context on a fresh user-data-dir, so no profile state leaks between runs. */
export async function launchChromium(): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is required (CI=${process.env.CI}) but ${CHROMIUM_PATH} does not exist: run scripts/install-browser.sh`,
    );
  }
  const userDataDir = mkdtempSync(join(tmpdir(), 'widget-chromium-'));
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1100, height: 800 },
  });
}

/** test-results/ (git-ignored) at the repository root. */
export function resultsDir(): string {
  const dir = resolve(__dirname, '../../../test-results');
  mkdirSync(dir, { recursive: true });
  return dir;
}
