// Enforces API Gateway's 32 KB frame limit (close 1009) on top of ws's whole-message maxPayload (128 KB).
import type { WebSocket } from 'ws';

interface ReceiverInternals {
  _payloadLength: number;
  _opcode: number;
  haveLength(cb: (error?: Error) => void): void;
  createError(type: typeof RangeError, message: string, prefix: boolean, status: number, code: string): Error;
}

/**
 * ws checks only the running message total against maxPayload, so the per-frame check wraps its
 * receiver's `haveLength` step (ws 8.x internals, pinned in package.json): a data frame whose
 * payload exceeds `maxFrameBytes` fails the connection with 1009 exactly like an oversized message.
 */
export function enforceFrameLimit(ws: WebSocket, maxFrameBytes: number): void {
  const receiver = (ws as unknown as { _receiver?: ReceiverInternals })._receiver;
  if (!receiver || typeof receiver.haveLength !== 'function') {
    throw new Error('ws receiver internals changed: cannot enforce the frame size limit');
  }
  const original = receiver.haveLength.bind(receiver);
  receiver.haveLength = (cb) => {
    if (receiver._opcode < 0x08 && receiver._payloadLength > maxFrameBytes) {
      cb(
        receiver.createError(
          RangeError,
          'Frame size exceeded',
          false,
          1009,
          'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH',
        ),
      );
      return;
    }
    original(cb);
  };
}
