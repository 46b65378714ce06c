// Options and result of startLocalRuntime (programmatic use by tests, the bench and local/dev.ts).
import type { LogLevel, RuntimeLog } from './console-log';
import type { LocalEndpoints } from './endpoints';

export interface RuntimePorts {
  readonly gateway: number;
  readonly token: number;
  readonly demo: number;
  readonly dynamodb: number;
  readonly s3: number;
  readonly sqs: number;
  readonly secretsManager: number;
  readonly fakeLlm: number;
  readonly admin: number;
}

export interface LocalRuntimeOptions {
  /** Repository root (holds lambdas/, local/ and receives .local/). */
  readonly rootDir: string;
  /** Where endpoints.json, the PKI and the bundles go. @default <rootDir>/.local */
  readonly stateDir?: string;
  /** Ports on 127.0.0.1; 0 (the default) picks free ones. */
  readonly ports?: Partial<RuntimePorts> | 0;
  readonly logLevel?: LogLevel;
  readonly log?: RuntimeLog;
  /** The environment providers and log levels are read from. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Visibility timeout of the turn queue (seconds). @default 6 × the LLM worker's timeout, as deployed */
  readonly turnVisibilityTimeoutSeconds?: number;
}

export interface LocalRuntime {
  readonly endpoints: LocalEndpoints;
  /** Where endpoints.json was written. */
  readonly endpointsFile: string;
  /** The admin surface (dev sign-in, admin API, dashboard); not part of endpoints.json. */
  readonly adminUrl: string;
  stop(): Promise<void>;
}
