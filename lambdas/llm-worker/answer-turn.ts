// (handler) --> use case: answer one conversation turn --> domain (retrieval, prompt, filters, budget) --> ports.
import { createHash } from 'node:crypto';
import { PROTOCOL_LIMITS } from '../shared/definitions';
import type {
  Clock,
  ConnectionRegistry,
  ConversationStore,
  SocketPublisher,
  TenantStore,
} from '../shared/ports';
import type { ConversationTurn, ErrorCode, LlmProviderName, StoredMessage } from '../shared/types';
import { ConversationFanout } from './conversation-fanout';
import { checkBudget, effectiveMaxOutputTokens, estimateTokens, utcDay } from './domain/budget';
import { screenForInjection } from './domain/injection-screen';
import { costUsd } from './domain/model-pricing';
import { buildPrompt } from './domain/prompt-builder';
import { StreamFilter } from './domain/stream-filter';
import type { KnowledgeSource, LlmProvider, PartnerToolClient, UsageLedger } from './ports';
import { type ProviderRoute, type ResilientLlmChain } from './providers/resilient-provider';
import { streamAnswer } from './stream-answer';
import { findAnswer, loadTurnMessages, offeredTools, retrieve, runTools } from './turn-steps';

/** The slice of the Powertools logger the worker uses (plain fakes in tests). */
export interface TurnLogger {
  info(message: string, ...extra: Array<Record<string, unknown>>): void;
  warn(message: string, ...extra: Array<Record<string, unknown>>): void;
  error(message: string, ...extra: Array<Record<string, unknown>>): void;
}

export interface AnswerTurnSettings {
  /** Earlier messages given to the model. @default 12 */
  readonly historyMessages: number;
  /** Delta coalescing interval. @default 50 ms */
  readonly coalesceMs: number;
  /** Partner tool rounds per turn. @default 2 */
  readonly maxToolRounds: number;
  /** Hard ceiling on max_tokens whatever the tenant says. @default 4096 */
  readonly platformMaxOutputTokens: number;
  /** Longest answer stored and sent. @default PROTOCOL_LIMITS.maxTextChars */
  readonly maxAnswerChars: number;
}

export interface AnswerTurnDependencies {
  readonly tenants: TenantStore;
  readonly conversations: ConversationStore;
  readonly connections: ConnectionRegistry;
  readonly publisher: SocketPublisher;
  readonly knowledge: KnowledgeSource;
  readonly usage: UsageLedger;
  /** Partner MCP tools; absent when the deployment has none. */
  readonly tools?: PartnerToolClient;
  readonly chain: ResilientLlmChain;
  readonly providers: Partial<Record<LlmProviderName, LlmProvider>>;
  readonly clock: Clock;
  /** A fresh random marker per turn (system-prompt leak detection). */
  readonly newCanary: () => string;
  readonly logger: TurnLogger;
  readonly settings?: Partial<AnswerTurnSettings>;
}

export type TurnStatus = 'answered' | 'duplicate' | 'refused' | 'failed' | 'budget_exceeded';

export interface TurnOutcome {
  readonly status: TurnStatus;
  readonly messageId: string;
  readonly seq: number;
}

export const REFUSAL_TEXT =
  "I can't help with that request. I'm happy to answer questions about our products and services.";
export const NO_ANSWER_TEXT = "Sorry, I don't have an answer to that. Would you like to talk to a person?";
export const WITHHELD_NOTE = '\n\n[The rest of this answer was withheld.]';
const UNAVAILABLE_MESSAGE = 'The assistant is unavailable right now. Please try again in a moment.';
const BUDGET_MESSAGE = 'The assistant has reached its usage limit for today.';

/** Idempotency key of the assistant answer to a user message. */
export function turnIdempotencyKey(userMessageId: string): string {
  return `turn#${userMessageId}`;
}

/** Deterministic assistant message id, so a redelivered turn streams under the same id. */
export function assistantMessageId(turn: ConversationTurn): string {
  const digest = createHash('sha256')
    .update(`${turn.tenantId}|${turn.conversationId}|${turn.userMessageId}`)
    .digest('hex');
  return `asst-${digest.slice(0, 32)}`;
}

/**
 * Answers one turn:
 * 1. returns the stored answer if this turn was answered before (redelivery: no second LLM call);
 * 2. loads the tenant and the user's message, tells the sockets the assistant is typing;
 * 3. screens the question, retrieves and screens the tenant's passages, builds the fenced prompt;
 * 4. checks the token and cost budgets with the worst case of this call;
 * 5. streams through the resilient provider chain, filtering and coalescing deltas, with partner tool rounds;
 * 6. stores the answer (complete or failed, never lost), sends `assistant.done` or an `error` frame, records usage.
 */
export async function answerTurn(
  turn: ConversationTurn,
  deps: AnswerTurnDependencies,
  options: { readonly signal?: AbortSignal } = {},
): Promise<TurnOutcome> {
  const settings: AnswerTurnSettings = {
    historyMessages: 12,
    coalesceMs: 50,
    maxToolRounds: 2,
    platformMaxOutputTokens: 4096,
    maxAnswerChars: PROTOCOL_LIMITS.maxTextChars,
    ...deps.settings,
  };
  const log = {
    tenantId: turn.tenantId,
    conversationId: turn.conversationId,
    userMessageId: turn.userMessageId,
  };
  const fanout = new ConversationFanout(
    deps.connections,
    deps.publisher,
    turn.tenantId,
    turn.conversationId,
    deps.logger,
  );
  const idempotencyKey = turnIdempotencyKey(turn.userMessageId);
  const messageId = assistantMessageId(turn);

  // 1. An earlier answer (redelivery), the question and its history (one query), the tenant and the sockets.
  const [{ existing, userMessage, history, lastSeqSeen }, tenant] = await Promise.all([
    loadTurnMessages(deps.conversations, turn, idempotencyKey, messageId, settings.historyMessages),
    deps.tenants.getTenant(turn.tenantId),
    fanout.refresh(),
  ]);
  if (existing) {
    await sendFinal(fanout, existing, undefined, userMessage.clientMessageId);
    deps.logger.info('Turn already answered; outcome re-sent', { ...log, seq: existing.seq });
    return { status: 'duplicate', messageId: existing.messageId, seq: existing.seq };
  }

  const finish = async (
    status: TurnStatus,
    text: string,
    failure?: { code: ErrorCode; message: string },
  ): Promise<TurnOutcome> => {
    const { message } = await deps.conversations.appendMessage({
      tenantId: turn.tenantId,
      conversationId: turn.conversationId,
      role: 'assistant',
      text,
      idempotencyKey,
      messageId,
      status: failure ? 'failed' : 'complete',
      ...(failure ? { errorCode: failure.code } : {}),
      knownLastSeq: lastSeqSeen,
    });
    await fanout.refresh().catch(() => deps.logger.warn('Connection list not refreshed', log));
    await sendFinal(fanout, message, failure?.message, userMessage.clientMessageId);
    return { status, messageId: message.messageId, seq: message.seq };
  };

  // 2. Only an active tenant is answered.
  if (!tenant || tenant.status !== 'active') {
    deps.logger.warn('Turn for a missing or inactive tenant', log);
    return finish('failed', '', { code: 'assistant_unavailable', message: UNAVAILABLE_MESSAGE });
  }
  void fanout.send({ type: 'typing', role: 'assistant' });

  // 3. Injection screen on the question; retrieval with a screen on every passage.
  const screen = screenForInjection(userMessage.text);
  if (screen.flagged) {
    deps.logger.warn('Question refused by the injection screen', { ...log, patterns: screen.matches });
    void fanout.send({ type: 'assistant.delta', messageId, text: REFUSAL_TEXT });
    return finish('refused', REFUSAL_TEXT);
  }
  const day = utcDay(deps.clock.now());
  const [passages, tools, usedToday] = await Promise.all([
    retrieve(deps, tenant, userMessage.text, log),
    offeredTools(deps, tenant, log),
    deps.usage.getDailyUsage(turn.tenantId, day),
  ]);
  const canary = deps.newCanary();
  const prompt = buildPrompt({
    tenantDisplayName: tenant.displayName,
    tenantInstructions: tenant.llm.instructions,
    history,
    question: userMessage.text,
    passages,
    canary,
    toolsOffered: tools.length > 0,
  });

  // 4. Budgets, with the worst case (most expensive configured model, full max_tokens).
  const routes: ProviderRoute[] = tenant.llm.providers.flatMap((p) => {
    const provider = deps.providers[p.provider];
    return provider ? [{ provider, model: p.model }] : [];
  });
  if (routes.length === 0) {
    deps.logger.error('Tenant has no usable LLM provider', log);
    return finish('failed', '', { code: 'assistant_unavailable', message: UNAVAILABLE_MESSAGE });
  }
  const maxOutputTokens = effectiveMaxOutputTokens(
    tenant.limits.maxOutputTokens,
    settings.platformMaxOutputTokens,
  );
  const estimatedInput = estimateTokens([
    prompt.system,
    ...prompt.messages.map((m) => m.content),
    JSON.stringify(tools),
  ]);
  const priciest = [...routes].sort(
    (a, b) =>
      costUsd(b.model, estimatedInput, maxOutputTokens) - costUsd(a.model, estimatedInput, maxOutputTokens),
  )[0];
  const budget = checkBudget({
    model: priciest.model,
    estimatedInputTokens: estimatedInput * (tools.length ? settings.maxToolRounds + 1 : 1),
    maxOutputTokens,
    usedToday,
    dailyTokenBudget: tenant.limits.dailyTokenBudget,
    dailyCostBudgetUsd: tenant.limits.dailyCostBudgetUsd,
  });
  if (!budget.allowed) {
    deps.logger.warn('Turn refused by the budget', { ...log, reason: budget.reason });
    return finish('budget_exceeded', '', { code: 'budget_exceeded', message: BUDGET_MESSAGE });
  }

  // 5. Stream through the provider chain (filtered, coalesced, with partner tool rounds).
  const filter = new StreamFilter({ protectedText: prompt.protectedText, canary });
  const streamed = await streamAnswer({
    routes,
    system: prompt.system,
    messages: prompt.messages,
    maxOutputTokens,
    tools,
    maxToolRounds: settings.maxToolRounds,
    maxAnswerChars: settings.maxAnswerChars,
    coalesceMs: settings.coalesceMs,
    filter,
    sendDelta: (text) => void fanout.send({ type: 'assistant.delta', messageId, text }),
    runTools: (calls) =>
      runTools(
        deps,
        tenant,
        calls,
        tools,
        { conversationId: turn.conversationId, endUserId: fanout.endUserId },
        log,
      ),
    chain: deps.chain,
    clock: deps.clock,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const { meter, failed, firstDeltaAt, capped } = streamed;
  await fanout.drain();

  // 6. Store, finish, account.
  if (meter.inputTokens === 0) meter.inputTokens = estimatedInput * Math.max(1, meter.attempts);
  const tokens = meter.inputTokens + meter.outputTokens;
  await deps.usage
    .addUsage(turn.tenantId, day, {
      tokens,
      costUsd: costUsd(meter.model, meter.inputTokens, meter.outputTokens),
    })
    .catch(() => deps.logger.warn('Usage not recorded', log));
  const timing = {
    attempts: meter.attempts,
    provider: meter.provider,
    model: meter.model,
    firstDeltaAfterAcceptMs: firstDeltaAt === undefined ? undefined : firstDeltaAt - turn.acceptedAt,
  };
  if (failed) {
    deps.logger.error('All providers failed', {
      ...log,
      ...timing,
      failures: failed.failures.map((f) => f.kind),
    });
    return finish('failed', streamed.text, { code: 'assistant_unavailable', message: UNAVAILABLE_MESSAGE });
  }
  let text = streamed.text;
  if (filter.blocked) {
    deps.logger.warn('Answer stopped: it repeated protected instructions', { ...log, ...timing });
    void fanout.send({ type: 'assistant.delta', messageId, text: WITHHELD_NOTE });
    text += WITHHELD_NOTE;
  } else if (!text.trim()) {
    void fanout.send({ type: 'assistant.delta', messageId, text: NO_ANSWER_TEXT });
    text = NO_ANSWER_TEXT;
  }
  deps.logger.info('Turn answered', { ...log, ...timing, capped });
  return finish('answered', text);
}

/**
 * Gives up on a turn that kept failing (its last SQS receive): stores a failed assistant message and sends
 * `assistant_unavailable`, so the user is told and the turn is recorded instead of vanishing into the DLQ.
 */
export async function recordUnanswerableTurn(
  turn: ConversationTurn,
  deps: Pick<AnswerTurnDependencies, 'conversations' | 'connections' | 'publisher' | 'logger'>,
): Promise<TurnOutcome> {
  const fanout = new ConversationFanout(
    deps.connections,
    deps.publisher,
    turn.tenantId,
    turn.conversationId,
    deps.logger,
  );
  const idempotencyKey = turnIdempotencyKey(turn.userMessageId);
  const messageId = assistantMessageId(turn);
  const existing = await findAnswer(deps.conversations, turn, idempotencyKey, messageId);
  const message =
    existing ??
    (
      await deps.conversations.appendMessage({
        tenantId: turn.tenantId,
        conversationId: turn.conversationId,
        role: 'assistant',
        text: '',
        idempotencyKey,
        messageId,
        status: 'failed',
        errorCode: 'assistant_unavailable',
      })
    ).message;
  await fanout.refresh();
  await sendFinal(fanout, message);
  return { status: existing ? 'duplicate' : 'failed', messageId: message.messageId, seq: message.seq };
}

/** `assistant.done`, or for a failed turn an `error` frame naming the user's message it answers. */
async function sendFinal(
  fanout: ConversationFanout,
  message: StoredMessage,
  failureMessage?: string,
  clientMessageId?: string,
): Promise<void> {
  if (message.status === 'failed') {
    const code: ErrorCode =
      message.errorCode === 'budget_exceeded' ? 'budget_exceeded' : 'assistant_unavailable';
    const fallback = code === 'budget_exceeded' ? BUDGET_MESSAGE : UNAVAILABLE_MESSAGE;
    await fanout.send({
      type: 'error',
      code,
      message: failureMessage ?? fallback,
      ...(clientMessageId ? { clientMessageId } : {}),
    });
  } else {
    await fanout.send({
      type: 'assistant.done',
      messageId: message.messageId,
      seq: message.seq,
      text: message.text,
    });
  }
}
