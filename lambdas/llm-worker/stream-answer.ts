// Step 5 of a turn: streams the model's answer through the output filter and the coalescer, with tool rounds.
import type { Clock } from '../shared/ports';
import type { LlmProviderName } from '../shared/types';
import { DeltaCoalescer } from './domain/delta-coalescer';
import type { StreamFilter } from './domain/stream-filter';
import type { LlmMessage, ToolCall, ToolSpec } from './ports';
import {
  AllProvidersFailedError,
  type ProviderRoute,
  type ResilientLlmChain,
} from './providers/resilient-provider';

export interface StreamAnswerInput {
  readonly routes: readonly ProviderRoute[];
  readonly system: string;
  readonly messages: readonly LlmMessage[];
  readonly maxOutputTokens: number;
  /** Partner tools offered to the model (none: no tool rounds). */
  readonly tools: readonly ToolSpec[];
  readonly maxToolRounds: number;
  readonly maxAnswerChars: number;
  readonly coalesceMs: number;
  readonly filter: StreamFilter;
  /** Sends one coalesced, filtered delta (never throws). */
  readonly sendDelta: (text: string) => void;
  /** Runs the model's tool calls and returns the tool-result messages. */
  readonly runTools: (calls: readonly ToolCall[]) => Promise<LlmMessage[]>;
  readonly chain: ResilientLlmChain;
  readonly clock: Clock;
  readonly signal?: AbortSignal;
}

export interface StreamedAnswer {
  /** Filtered text that was sent to the user (and is stored). */
  readonly text: string;
  /** True when the answer hit the length cap. */
  readonly capped: boolean;
  /** Set when every provider failed; `text` is then the partial answer. */
  readonly failed?: AllProvidersFailedError;
  readonly firstDeltaAt?: number;
  readonly meter: {
    inputTokens: number;
    outputTokens: number;
    attempts: number;
    model: string;
    provider: LlmProviderName;
  };
}

export async function streamAnswer(input: StreamAnswerInput): Promise<StreamedAnswer> {
  const { filter } = input;
  const coalescer = new DeltaCoalescer(input.sendDelta, { intervalMs: input.coalesceMs });
  const meter = {
    inputTokens: 0,
    outputTokens: 0,
    attempts: 0,
    model: input.routes[0].model,
    provider: input.routes[0].provider.name,
  };
  let messages: readonly LlmMessage[] = input.messages;
  let capped = false;
  let failed: AllProvidersFailedError | undefined;
  let firstDeltaAt: number | undefined;
  let text = '';
  const relay = (released: string) => {
    if (!released || capped) return;
    const room = input.maxAnswerChars - text.length;
    const allowed = room < released.length ? released.slice(0, Math.max(0, room)) : released;
    if (allowed.length < released.length) capped = true;
    if (!allowed) return;
    firstDeltaAt ??= input.clock.now();
    text += allowed;
    coalescer.push(allowed);
  };

  try {
    for (let round = 0; round <= input.maxToolRounds; round++) {
      const calls: ToolCall[] = [];
      let roundText = '';
      /** Output tokens counted for this round so far: our estimate, raised to what the provider reports. */
      let roundOutputTokens = 0;
      const offerTools = input.tools.length > 0 && round < input.maxToolRounds;
      for await (const event of input.chain.stream(input.routes, {
        system: input.system,
        messages,
        maxOutputTokens: input.maxOutputTokens,
        ...(offerTools ? { tools: input.tools } : {}),
        ...(input.signal ? { signal: input.signal } : {}),
      })) {
        if (event.type === 'attempt') {
          meter.attempts += 1;
          meter.model = event.model;
          meter.provider = event.provider;
        } else if (event.type === 'text') {
          roundText += event.text;
          const estimate = Math.ceil(event.text.length / 4);
          roundOutputTokens += estimate;
          meter.outputTokens += estimate;
          relay(filter.push(event.text).text);
          if (filter.blocked || capped) break;
        } else if (event.type === 'usage') {
          meter.inputTokens += event.inputTokens;
          // Providers report cumulative output (including reasoning and tool-call tokens): charge the larger.
          if (event.outputTokens > roundOutputTokens) {
            meter.outputTokens += event.outputTokens - roundOutputTokens;
            roundOutputTokens = event.outputTokens;
          }
        } else if (event.type === 'tool_call') {
          calls.push(event.call);
        }
      }
      if (filter.blocked || capped || calls.length === 0) break;
      messages = [
        ...messages,
        { role: 'assistant', content: roundText, toolCalls: calls },
        ...(await input.runTools(calls)),
      ];
    }
  } catch (error) {
    if (!(error instanceof AllProvidersFailedError)) {
      coalescer.flush();
      throw error;
    }
    failed = error;
  }
  relay(filter.end().text);
  coalescer.flush();
  return {
    text,
    capped,
    meter,
    ...(failed ? { failed } : {}),
    ...(firstDeltaAt !== undefined ? { firstDeltaAt } : {}),
  };
}
