// Readable console output of the local runtime: one line per request, errors with their cause, levels.
export type LogLevel = 'quiet' | 'info' | 'debug';

export interface RuntimeLog {
  /** Startup and shutdown facts ("what runs where"). */
  info(area: string, message: string): void;
  /** One line per request at `info`; failures are also shown at `quiet`. */
  request(area: string, line: string, failed?: boolean): void;
  /** Chatty internals (every @connections post, every queue call) at `debug` only. */
  debug(area: string, line: string): void;
  error(area: string, message: string, cause?: unknown): void;
}

const RANK: Record<LogLevel, number> = { quiet: 0, info: 1, debug: 2 };

function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const nested = (cause as Error & { cause?: unknown }).cause;
    const code = (cause as Error & { code?: string }).code;
    return `${cause.name}${code ? ` ${code}` : ''}: ${cause.message}${nested ? ` (cause: ${describeCause(nested)})` : ''}`;
  }
  return String(cause);
}

export function createRuntimeLog(
  level: LogLevel = 'info',
  write: (line: string) => void = console.log,
): RuntimeLog {
  const stamp = () => new Date().toISOString().slice(11, 23);
  const line = (area: string, text: string) => write(`${stamp()} ${area.padEnd(12)} ${text}`);
  const at = (wanted: LogLevel) => RANK[level] >= RANK[wanted];
  return {
    info: (area, message) => at('info') && line(area, message),
    request: (area, text, failed = false) => (failed || at('info')) && line(area, text),
    debug: (area, text) => at('debug') && line(area, text),
    error: (area, message, cause) =>
      line(area, `ERROR ${message}${cause === undefined ? '' : ` — ${describeCause(cause)}`}`),
  };
}

/** Parses LOCAL_LOG_LEVEL; defaults to `info`. */
export function logLevelFrom(value: string | undefined): LogLevel {
  return value === 'quiet' || value === 'debug' ? value : 'info';
}
