// Reads and validates process.env once, at cold start, against a handler's zod schema.
import { safeParse, type $ZodType, type output } from 'zod/v4/core';

export class EnvironmentError extends Error {}

/** Parses the environment with the given schema; throws one error naming every missing or bad variable. */
export function readEnv<S extends $ZodType>(schema: S, source: NodeJS.ProcessEnv = process.env): output<S> {
  const result = safeParse(schema, source);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new EnvironmentError(`Invalid Lambda environment: ${problems}`);
  }
  return result.data;
}
