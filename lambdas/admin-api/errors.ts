// Admin API errors: one class carrying the HTTP status and the `{ error: { code, message } }` body.
export type AdminErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'internal_error';

const STATUS: Record<AdminErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  internal_error: 500,
};

export class AdminError extends Error {
  readonly status: number;

  constructor(
    readonly code: AdminErrorCode,
    message: string,
  ) {
    super(message);
    this.status = STATUS[code];
  }
}

export { ConflictError } from '../shared/admin-ports';
