// (ALB event) --> validated request: method, path, content type, size and a strict JSON body.
import type { ALBEvent } from 'aws-lambda';
import * as z from 'zod';
import { ID_PATTERN, USER_ID_PATTERN } from '../shared/definitions';
import { HttpError } from '../shared/http-errors';

export const TOKEN_PATH = '/v1/session-tokens';
/** The body is two short ids; anything larger is refused before parsing. */
export const MAX_BODY_BYTES = 1024;

const bodySchema = z.strictObject({
  userId: z.string().regex(USER_ID_PATTERN, 'userId must be 1-128 of A-Z a-z 0-9 _ . : @ -'),
  conversationId: z.string().regex(ID_PATTERN, 'conversationId must be 1-64 of A-Z a-z 0-9 _ -').optional(),
});

export type TokenRequestBody = z.infer<typeof bodySchema>;

const badRequest = (message: string) => new HttpError(400, 'bad_request', message);

/** Lower-cased single-value headers of the event (the ALB lower-cases them already; local callers may not). */
export function headersOf(event: ALBEvent): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) headers[name.toLowerCase()] = value;
  for (const [name, values] of Object.entries(event.multiValueHeaders ?? {})) {
    headers[name.toLowerCase()] ??= values?.[0];
  }
  return headers;
}

export function parseTokenRequest(
  event: ALBEvent,
  headers: Record<string, string | undefined>,
): TokenRequestBody {
  if (event.path !== TOKEN_PATH) throw new HttpError(404, 'bad_request', 'Not found');
  if (event.httpMethod !== 'POST') throw new HttpError(405, 'bad_request', 'Use POST', { allow: 'POST' });
  const contentType = headers['content-type'] ?? '';
  if (!/^application\/json\s*(;\s*charset=utf-8\s*)?$/i.test(contentType)) {
    throw badRequest('Content-Type must be application/json');
  }
  const raw = event.body ?? '';
  const body = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (body.length === 0) throw badRequest('Body is required');
  if (body.length > MAX_BODY_BYTES) throw badRequest(`Body exceeds ${MAX_BODY_BYTES} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    throw badRequest('Body must be UTF-8 JSON');
  }
  const parsed = bodySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw badRequest(issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'Invalid body');
  }
  return parsed.data;
}
