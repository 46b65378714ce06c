// Errors of the ConversationStore contract that use cases handle (adapters throw them, fakes may too).

/** Another writer holds a fresh claim on the same idempotency key; the caller may retry shortly. */
export class AppendInProgressError extends Error {
  constructor(readonly idempotencyKey: string) {
    super(`Message ${idempotencyKey} is still being stored; retry shortly`);
    this.name = 'AppendInProgressError';
  }
}
