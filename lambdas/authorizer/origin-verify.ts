// The CloudFront origin-verify header: a per-cell secret compared in constant time (current or previous value).
import { createHash, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';

/** JSON of the origin-verify secret; `previous` stays accepted while CloudFront switches to `current`. */
const originVerifySecretSchema = z.object({
  current: z.string().min(32),
  previous: z.string().min(32).optional(),
});

/** Parses the secret into the accepted values (digests, so every comparison has the same length). */
export function parseOriginVerifySecret(json: string): readonly Buffer[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error('origin-verify secret is not JSON');
  }
  const parsed = originVerifySecretSchema.parse(value);
  return [parsed.current, parsed.previous].filter((v): v is string => !!v).map(digest);
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** True when the header equals one of the accepted values; the comparison time does not depend on content. */
export function originVerifyMatches(header: string | undefined, accepted: readonly Buffer[]): boolean {
  if (header === undefined || header.length === 0 || header.length > 512) return false;
  const candidate = digest(header);
  let matched = false;
  for (const value of accepted) matched = timingSafeEqual(candidate, value) || matched;
  return matched;
}
