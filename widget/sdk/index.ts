// Public surface of the browser SDK.
export { ChatClient } from './chat-client';
export { backoffDelay, DEFAULT_BACKOFF } from './backoff';
export { tokenFromEndpoint, type TokenEndpointOptions } from './token-endpoint';
export type * from './types';
