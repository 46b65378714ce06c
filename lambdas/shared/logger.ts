// The one Powertools logger of a container; handlers add request context, adapters log through it.
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({
  logLevel: (process.env.LOG_LEVEL as 'INFO' | 'DEBUG' | undefined) ?? 'INFO',
});
