// HTTP errors of the JSON APIs: a status with an ErrorCode and a safe message, rendered as `{error:{code,message}}`.
import type { MiddlewareObj } from '@middy/core';
import type { ALBResult } from 'aws-lambda';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { ErrorCode } from './types';

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    /** Extra response headers, e.g. `retry-after`. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

const SECURITY_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

/** A JSON response in the ALB Lambda-target format. */
export function albJson(statusCode: number, body: unknown, headers: Record<string, string> = {}): ALBResult {
  return {
    statusCode,
    statusDescription: `${statusCode} ${STATUS_TEXT[statusCode] ?? 'Status'}`,
    isBase64Encoded: false,
    headers: { ...SECURITY_HEADERS, ...headers },
    body: JSON.stringify(body),
  };
}

export const albError = (error: HttpError): ALBResult =>
  albJson(error.statusCode, { error: { code: error.code, message: error.message } }, error.headers);

/**
 * middy middleware: an HttpError becomes its JSON response (logged at info without PII); anything
 * else is logged as an error and answered with a generic 500 so internals never leak.
 */
export function albJsonErrors(logger: Logger): MiddlewareObj<unknown, ALBResult> {
  return {
    name: 'albJsonErrors',
    onError: (request) => {
      const error = request.error;
      if (error instanceof HttpError) {
        logger.info('request refused', { status: error.statusCode, code: error.code });
        request.response = albError(error);
        return;
      }
      logger.error('request failed', { error: error as Error });
      request.response = albError(new HttpError(500, 'internal_error', 'Internal error'));
    },
  };
}
