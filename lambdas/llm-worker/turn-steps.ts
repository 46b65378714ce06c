// Steps of answering a turn: find an earlier answer, load the question and history, retrieve, run partner tools.
import type { ConversationStore } from '../shared/ports';
import type { ConversationTurn, StoredMessage, TenantSettings } from '../shared/types';
import type { AnswerTurnDependencies } from './answer-turn';
import { screenForInjection } from './domain/injection-screen';
import {
  indexPassages,
  rankPassages,
  splitPassages,
  type Passage,
  type PassageIndex,
} from './domain/knowledge-ranking';
import { fenceToolResult, type HistoryMessage } from './domain/prompt-builder';
import type { KnowledgeDocument, LlmMessage, ToolCall, ToolCallContext, ToolSpec } from './ports';

/** The stored answer of this turn, if any (its id or idempotency key is the turn's). */
export async function findAnswer(
  store: ConversationStore,
  turn: ConversationTurn,
  idempotencyKey: string,
  messageId: string,
): Promise<StoredMessage | undefined> {
  const later = await store.listMessagesAfter(turn.tenantId, turn.conversationId, turn.userSeq, 100);
  return later.find(
    (m) => m.role === 'assistant' && (m.messageId === messageId || m.clientMessageId === idempotencyKey),
  );
}

/** What a turn needs from the conversation, read with one query: the question, its history, an earlier answer. */
export interface TurnMessages {
  readonly userMessage: StoredMessage;
  /** Complete, non-empty messages before the question (oldest first), at most `historyLimit`. */
  readonly history: HistoryMessage[];
  /** The stored answer of this turn, if it was answered before (redelivery). */
  readonly existing?: StoredMessage;
  /** Highest seq in the window: a lower bound of the conversation's last seq for the answer's append. */
  readonly lastSeqSeen: number;
}

/** Messages after the question that are searched for an earlier answer (as findAnswer does). */
const LATER_MESSAGES_SEARCHED = 100;

/**
 * One query from `historyLimit` messages before the question to 100 after it: replaces findAnswer,
 * loadUserMessage and loadHistory (three queries) on the hot path of every turn.
 */
export async function loadTurnMessages(
  store: ConversationStore,
  turn: ConversationTurn,
  idempotencyKey: string,
  messageId: string,
  historyLimit: number,
): Promise<TurnMessages> {
  const afterSeq = Math.max(0, turn.userSeq - 1 - Math.max(0, historyLimit));
  const window = await store.listMessagesAfter(
    turn.tenantId,
    turn.conversationId,
    afterSeq,
    turn.userSeq - afterSeq + LATER_MESSAGES_SEARCHED,
  );
  const userMessage = window.find((m) => m.seq === turn.userSeq);
  if (!userMessage || userMessage.messageId !== turn.userMessageId || userMessage.role !== 'user') {
    throw new Error('The turn does not match a stored user message');
  }
  const existing = window.find(
    (m) =>
      m.seq > turn.userSeq &&
      m.role === 'assistant' &&
      (m.messageId === messageId || m.clientMessageId === idempotencyKey),
  );
  const history =
    historyLimit <= 0
      ? []
      : window
          .filter((m) => m.seq < userMessage.seq && m.status === 'complete' && m.text.trim())
          .map((m) => ({ role: m.role, text: m.text }));
  const lastSeqSeen = window.reduce((highest, m) => Math.max(highest, m.seq), 0);
  return { userMessage, history, lastSeqSeen, ...(existing ? { existing } : {}) };
}

/**
 * The knowledge source returns the same array while its cache holds, so the passages are split and
 * indexed once per document set, not on every turn; only the question is tokenized per turn.
 */
const passageIndexes = new WeakMap<readonly KnowledgeDocument[], PassageIndex>();
function passageIndexOf(documents: readonly KnowledgeDocument[]): PassageIndex {
  let index = passageIndexes.get(documents);
  if (!index) {
    index = indexPassages(splitPassages(documents));
    passageIndexes.set(documents, index);
  }
  return index;
}

export async function retrieve(
  deps: Pick<AnswerTurnDependencies, 'knowledge' | 'logger'>,
  tenant: TenantSettings,
  question: string,
  log: Record<string, unknown>,
): Promise<Passage[]> {
  try {
    const documents = await deps.knowledge.listDocuments(tenant.tenantId);
    const ranked = rankPassages(question, passageIndexOf(documents), { maxPassages: 6 });
    const safe = ranked.filter((p) => !screenForInjection(p.text).flagged);
    if (safe.length < ranked.length) {
      deps.logger.warn('Passages dropped by the injection screen', {
        ...log,
        dropped: ranked.length - safe.length,
      });
    }
    return safe.slice(0, 4);
  } catch (error) {
    deps.logger.error('Knowledge retrieval failed; answering without it', {
      ...log,
      error: error instanceof Error ? error.name : 'unknown',
    });
    return [];
  }
}

export async function offeredTools(
  deps: Pick<AnswerTurnDependencies, 'tools' | 'logger'>,
  tenant: TenantSettings,
  log: Record<string, unknown>,
): Promise<ToolSpec[]> {
  if (!deps.tools || !tenant.mcp || tenant.mcp.allowedTools.length === 0) return [];
  try {
    const listed = await deps.tools.listTools(tenant.tenantId);
    return listed.filter((t) => tenant.mcp?.allowedTools.includes(t.name));
  } catch (error) {
    deps.logger.warn('Partner tools unavailable', {
      ...log,
      error: error instanceof Error ? error.name : 'unknown',
    });
    return [];
  }
}

export async function runTools(
  deps: Pick<AnswerTurnDependencies, 'tools' | 'logger'>,
  tenant: TenantSettings,
  calls: readonly ToolCall[],
  offered: readonly ToolSpec[],
  context: ToolCallContext,
  log: Record<string, unknown>,
): Promise<LlmMessage[]> {
  const results: LlmMessage[] = [];
  for (const call of calls) {
    let content: string;
    const args = parseArguments(call.argumentsJson);
    if (!offered.some((t) => t.name === call.name) || !deps.tools) {
      content = 'Tool not available.';
    } else if (!args) {
      content = 'Tool arguments were not a JSON object.';
    } else {
      try {
        const raw = await deps.tools.callTool(tenant.tenantId, call.name, args, context);
        content = screenForInjection(raw).flagged
          ? 'Tool result withheld: it failed the safety screen.'
          : raw;
      } catch (error) {
        deps.logger.warn('Partner tool failed', {
          ...log,
          tool: call.name,
          error: error instanceof Error ? error.name : 'unknown',
        });
        content = 'Tool call failed.';
      }
    }
    results.push({
      role: 'tool',
      toolCallId: call.id,
      name: call.name,
      content: fenceToolResult(call.name, content),
    });
  }
  return results;
}

function parseArguments(json: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(json || '{}');
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
