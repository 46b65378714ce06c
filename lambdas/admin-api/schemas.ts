// zod schemas of every admin request body and query; bounds are the platform's maxima for tenant-editable values.
import * as z from 'zod';
import { ID_PATTERN, MCP_CLIENT_CERTIFICATE_SECRET } from '../shared/definitions';

export const tenantIdSchema = z.string().regex(ID_PATTERN, 'letters, digits, dash and underscore (1-64)');

/** An exact origin: https, or plain http only on loopback (`http://127.0.0.1[:port]`, `http://localhost[:port]`) for the local runtime. */
const origin = z
  .string()
  .max(253)
  .regex(
    /^(?:https:\/\/[a-z0-9.-]+|http:\/\/(?:127\.0\.0\.1|localhost))(?::\d{1,5})?$/,
    'must be an exact https origin such as https://shop.example.com (plain http only for http://127.0.0.1 or http://localhost)',
  );

const hostName = z
  .string()
  .max(253)
  .regex(
    /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    'must be a lower-case DNS host name',
  );

export const limitsSchema = z
  .object({
    maxConnections: z.number().int().min(1).max(50_000),
    messagesPerMinutePerConnection: z.number().int().min(1).max(600),
    messagesPerSecondPerTenant: z.number().int().min(1).max(1_000),
    tokensPerMinute: z.number().int().min(1).max(60_000),
    maxOutputTokens: z.number().int().min(16).max(8_192),
    dailyTokenBudget: z.number().int().min(1).max(1_000_000_000),
    dailyCostBudgetUsd: z.number().positive().max(100_000),
  })
  .strict();

export const llmSchema = z
  .object({
    providers: z
      .array(
        z
          .object({
            provider: z.enum(['openai', 'anthropic']),
            model: z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/, 'model id'),
          })
          .strict(),
      )
      .min(1)
      .max(3),
    instructions: z.string().max(4_000).optional(),
  })
  .strict();

export const securityContactSchema = z
  .object({ name: z.string().min(1).max(200), email: z.email() })
  .strict();

/** MCP settings; the client-certificate secret must be exactly the tenant's `livechat/mcp/<tenantId>/client-certificate`. */
export function mcpSchema(tenantId: string) {
  return z
    .object({
      endpoint: z.url({ protocol: /^https$/ }).max(2_048),
      allowedHosts: z.array(hostName).min(1).max(20),
      allowedTools: z.array(z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'tool name')).max(100),
      clientCertificateSecretId: z
        .string()
        .max(512)
        .refine((id) => MCP_CLIENT_CERTIFICATE_SECRET.isOfTenant(id, tenantId), {
          message: `must be the secret ${MCP_CLIENT_CERTIFICATE_SECRET.namePrefix}${tenantId}${MCP_CLIENT_CERTIFICATE_SECRET.nameSuffix} (name or ARN)`,
        }),
    })
    .strict()
    .refine((m) => m.allowedHosts.includes(new URL(m.endpoint).hostname), {
      message: "the endpoint's host must be in allowedHosts",
      path: ['allowedHosts'],
    });
}

/** PUT …/settings: the whole tenant-editable document (status and tenant id are not editable here). */
export function settingsUpdateSchema(tenantId: string) {
  return z
    .object({
      displayName: z.string().min(1).max(200),
      allowedOrigins: z.array(origin).max(50),
      limits: limitsSchema,
      llm: llmSchema,
      mcp: mcpSchema(tenantId).nullable().optional(),
      securityContact: securityContactSchema,
    })
    .strict();
}

export const createTenantSchema = z
  .object({
    tenantId: tenantIdSchema,
    displayName: z.string().min(1).max(200),
    allowedOrigins: z.array(origin).max(50).default([]),
    securityContact: securityContactSchema,
    limits: limitsSchema.optional(),
    llm: llmSchema.optional(),
  })
  .strict();

export const registerCertificateSchema = z
  .object({ certificatePem: z.string().min(100).max(16_384) })
  .strict();

/** Text formats only: the assistant's knowledge reader uses text files; binary formats would be ignored. */
export const CONTENT_TYPES = {
  'text/markdown': ['.md', '.markdown'],
  'text/plain': ['.txt'],
} as const satisfies Record<string, readonly string[]>;

export const fileNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'letters, digits, dot, dash, underscore; 1-100 chars')
  .refine((n) => !n.includes('..'), { message: 'must not contain ..' });

export const uploadRequestSchema = z
  .object({
    fileName: fileNameSchema,
    contentType: z.enum(Object.keys(CONTENT_TYPES) as [keyof typeof CONTENT_TYPES]),
    sizeBytes: z.number().int().min(1),
  })
  .strict()
  .refine(
    (u) =>
      (CONTENT_TYPES[u.contentType] as readonly string[]).some((ext) =>
        u.fileName.toLowerCase().endsWith(ext),
      ),
    { message: 'file extension does not match contentType', path: ['fileName'] },
  );

export const conversationIdSchema = z.string().regex(ID_PATTERN, 'conversation id');
export const certKeySchema = z.string().regex(/^[0-9a-f]{64}$/, 'hex SHA-256');
export const daySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
