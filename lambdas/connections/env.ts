// The connect/disconnect handlers' environment, validated once at cold start.
import * as z from 'zod';
import { ENV } from '../shared/definitions';
import { readEnv } from '../shared/env';

const schema = z.object({ [ENV.sessionsTable]: z.string().min(1) });

export const readConnectionsEnv = (source: NodeJS.ProcessEnv = process.env) => ({
  sessionsTable: readEnv(schema, source)[ENV.sessionsTable],
});
