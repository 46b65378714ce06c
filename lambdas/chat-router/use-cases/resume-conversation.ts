// (handler) --> resume --> conversation store --> the caller's socket
import { frames, type ResumeFrame } from '../../shared/protocol';
import type { Caller } from '../caller';
import { activeTenant, connectionScope, ownsConversation, reply, type ChatPorts } from './chat-ports';

/** Messages read per page while replaying. */
export const RESUME_PAGE_SIZE = 100;
/** Resumes one connection may request per minute. */
export const RESUMES_PER_MINUTE = 20;

/**
 * 1. the tenant is active and the resume rate is within limits; 2. the caller owns the conversation;
 * 3. every stored message (user and assistant) with seq > afterSeq is replayed in order as `message`
 *    frames, page by page; a socket that went away stops the replay.
 * Returns the number of frames sent.
 */
export async function resumeConversation(
  ports: ChatPorts,
  caller: Caller,
  frame: ResumeFrame,
): Promise<number> {
  if (!(await activeTenant(ports, caller))) return 0;
  const allowed = await ports.rateLimiter.tryConsume(
    caller.tenantId,
    connectionScope('resume', caller.connectionId),
    RESUMES_PER_MINUTE,
    60,
  );
  if (!allowed) {
    await reply(ports, caller, frames.error('rate_limited', 'Too many resume requests; slow down.'));
    return 0;
  }
  if (!(await ownsConversation(ports, caller))) return 0;

  let afterSeq = frame.afterSeq;
  let sent = 0;
  for (;;) {
    const page = await ports.conversations.listMessagesAfter(
      caller.tenantId,
      caller.conversationId,
      afterSeq,
      RESUME_PAGE_SIZE,
    );
    for (const message of page) {
      if ((await reply(ports, caller, frames.message(message))) === 'gone') return sent;
      sent++;
      afterSeq = message.seq;
    }
    if (page.length < RESUME_PAGE_SIZE) return sent;
  }
}
