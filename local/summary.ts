// Prints what runs where once the local runtime is ready.
import type { RuntimeLog } from './console-log';
import type { LocalEndpoints } from './runtime';

export function printSummary(
  log: RuntimeLog,
  endpoints: LocalEndpoints,
  services: Record<string, string>,
  fakeLlmUrl: string,
  startupMs: number,
): void {
  const rows: Array<[string, string]> = [
    ['demo page', endpoints.demoUrl],
    ['websocket', endpoints.websocketUrl],
    ['token API', `${endpoints.tokenUrl} (mTLS)`],
    ...Object.entries(services).map(([name, url]): [string, string] => [name, url]),
    ['fake LLM', fakeLlmUrl],
    ...endpoints.tenants.map((t): [string, string] => [
      `tenant ${t.id}`,
      `origin ${t.origin}, cert ${t.cert}`,
    ]),
  ];
  for (const [name, value] of rows) log.info('ready', `${name.padEnd(16)} ${value}`);
  log.info('ready', `.local/endpoints.json written after ${startupMs} ms — Ctrl+C stops everything`);
}
