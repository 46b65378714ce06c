// Reads and validates process.env once, at cold start, against a handler's zod schema.
import type * as z from 'zod';

export class EnvironmentError extends Error {}

/** Parses the environment with the given schema; throws one error naming every missing or bad variable. */
export function readEnv<S extends z.ZodType>(schema: S, source: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const result = schema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new EnvironmentError(`Invalid Lambda environment: ${problems}`);
  }
  return result.data;
}
