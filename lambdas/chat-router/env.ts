// The chat router's environment, read and validated once at cold start.
import * as z from 'zod';
import { ENV } from '../shared/definitions';
import { readEnv } from '../shared/env';

export const chatRouterEnvSchema = z.object({
  [ENV.cellRegion]: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/),
  [ENV.conversationsTable]: z.string().min(3),
  [ENV.sessionsTable]: z.string().min(3),
  [ENV.tenantsTable]: z.string().min(3),
  [ENV.turnQueueUrl]: z.url(),
  [ENV.websocketCallbackUrl]: z.url(),
  [ENV.conversationRetentionDays]: z.coerce.number().int().min(1).max(3650),
  /** Absent only in the local runtime (no STS): then the function's own credentials are used. */
  [ENV.tenantScopedRoleArn]: z
    .string()
    .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/)
    .optional(),
});

export interface ChatRouterEnv {
  readonly region: string;
  readonly conversationsTable: string;
  readonly sessionsTable: string;
  readonly tenantsTable: string;
  readonly turnQueueUrl: string;
  readonly callbackUrl: string;
  readonly retentionDays: number;
  readonly tenantScopedRoleArn?: string;
}

export function readChatRouterEnv(source: NodeJS.ProcessEnv = process.env): ChatRouterEnv {
  const env = readEnv(chatRouterEnvSchema, source);
  return {
    region: env[ENV.cellRegion],
    conversationsTable: env[ENV.conversationsTable],
    sessionsTable: env[ENV.sessionsTable],
    tenantsTable: env[ENV.tenantsTable],
    turnQueueUrl: env[ENV.turnQueueUrl],
    callbackUrl: env[ENV.websocketCallbackUrl],
    retentionDays: env[ENV.conversationRetentionDays],
    ...(env[ENV.tenantScopedRoleArn] ? { tenantScopedRoleArn: env[ENV.tenantScopedRoleArn] } : {}),
  };
}
