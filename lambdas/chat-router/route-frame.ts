// (handler) --> route frame --> use case: dispatches on the route key; every bad frame gets an error frame.
import { logger } from '../shared/logger';
import { frames, parseClientFrame } from '../shared/protocol';
import type { Caller } from './caller';
import { reply, type ChatPorts } from './use-cases/chat-ports';
import { relayTyping } from './use-cases/relay-typing';
import { resumeConversation } from './use-cases/resume-conversation';
import { sendMessage } from './use-cases/send-message';

/** Parses the body and runs the matching use case; `$default` and mismatched frames get an error frame. */
export async function routeFrame(
  ports: ChatPorts,
  caller: Caller,
  routeKey: string,
  body: string | null | undefined,
): Promise<void> {
  const parsed = parseClientFrame(body);
  if (!parsed.ok) {
    logger.info('frame refused', { routeKey, code: parsed.code });
    await reply(ports, caller, frames.error(parsed.code, parsed.message, parsed.clientMessageId));
    return;
  }
  const { frame } = parsed;
  if (frame.action !== routeKey) {
    await reply(
      ports,
      caller,
      frames.error('unknown_action', `The route ${routeKey} does not accept ${frame.action}.`),
    );
    return;
  }
  switch (frame.action) {
    case 'sendMessage':
      logger.info('sendMessage', { outcome: await sendMessage(ports, caller, frame) });
      return;
    case 'resume':
      logger.info('resume', { replayed: await resumeConversation(ports, caller, frame) });
      return;
    case 'typing':
      await relayTyping(ports, caller);
      return;
    case 'ping':
      await reply(ports, caller, frames.pong());
      return;
  }
}
