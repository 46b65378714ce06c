// Anthropic Messages streaming through the official SDK, mapped to the LlmProvider port.
import { BaseAnthropic } from '@anthropic-ai/sdk/client';
import {
  Messages,
  type ContentBlockParam,
  type MessageParam,
  type Tool,
} from '@anthropic-ai/sdk/resources/messages';
import type { LlmProvider, LlmRequest, LlmStreamEvent, ToolCall, ToolSpec } from '../ports';
import type { ApiKeyResolver } from './api-keys';
import { kindOfStatus, LlmProviderError, parseRetryAfter } from './provider-error';
import { StreamWatchdog, type StreamTimeouts } from './stream-guard';

export interface AnthropicProviderOptions {
  readonly keys: ApiKeyResolver;
  /** ANTHROPIC_BASE_URL (any server speaking the Messages format). @default - the SDK default */
  readonly baseURL?: string;
  readonly timeouts: StreamTimeouts;
  /** Whole-request timeout given to the SDK. */
  readonly requestTimeoutMs: number;
}

/**
 * The official client carrying only the Messages resource: the SDK's exported base client plus the one
 * resource we call, so the bundle leaves out beta, batches, files, models, skills and the rest.
 */
class AnthropicMessagesClient extends BaseAnthropic {
  readonly messages = new Messages(this);
}

export class AnthropicProvider implements LlmProvider {
  readonly name = 'anthropic' as const;
  private client: { key: string; sdk: AnthropicMessagesClient } | undefined;

  constructor(private readonly options: AnthropicProviderOptions) {}

  async *stream(request: LlmRequest): AsyncIterable<LlmStreamEvent> {
    const sdk = await this.sdk();
    const watchdog = new StreamWatchdog(this.options.timeouts, request.signal);
    const tools = new Map<number, { id: string; name: string; args: string }>();
    let stopReason: string | null | undefined;
    let stopped = false;
    let inputTokens = 0;
    let outputTokens = 0;
    try {
      const stream = await sdk.messages.create(
        {
          model: request.model,
          system: request.system,
          messages: toAnthropicMessages(request),
          max_tokens: request.maxOutputTokens,
          stream: true,
          ...(request.tools?.length ? { tools: request.tools.map(toAnthropicTool) } : {}),
        },
        { signal: watchdog.signal, maxRetries: 0, timeout: this.options.requestTimeoutMs },
      );
      for await (const event of stream) {
        switch (event.type) {
          case 'message_start':
            inputTokens = event.message.usage?.input_tokens ?? 0;
            outputTokens = event.message.usage?.output_tokens ?? 0;
            break;
          case 'content_block_start':
            if (event.content_block.type === 'tool_use') {
              watchdog.progress();
              tools.set(event.index, {
                id: event.content_block.id,
                name: event.content_block.name,
                args: '',
              });
            }
            break;
          case 'content_block_delta':
            if (event.delta.type === 'text_delta' && event.delta.text) {
              watchdog.progress();
              yield { type: 'text', text: event.delta.text };
            } else if (event.delta.type === 'input_json_delta') {
              watchdog.progress();
              const tool = tools.get(event.index);
              if (tool) tool.args += event.delta.partial_json;
            }
            break;
          case 'message_delta':
            stopReason = event.delta.stop_reason;
            outputTokens = event.usage?.output_tokens ?? outputTokens;
            break;
          case 'message_stop':
            stopped = true;
            break;
          default:
            break;
        }
      }
    } catch (error) {
      throw this.mapError(error, watchdog);
    } finally {
      watchdog.dispose();
    }
    if (watchdog.expired) throw this.mapError(undefined, watchdog);
    if (request.signal?.aborted)
      throw new LlmProviderError('anthropic', 'connection', 'aborted by the caller');
    if (!stopped) throw new LlmProviderError('anthropic', 'truncated', 'stream ended before message_stop');
    yield { type: 'usage', inputTokens, outputTokens };
    for (const tool of tools.values()) {
      const call: ToolCall = { id: tool.id, name: tool.name, argumentsJson: tool.args || '{}' };
      yield { type: 'tool_call', call };
    }
    yield {
      type: 'end',
      reason: stopReason === 'max_tokens' ? 'max_tokens' : stopReason === 'tool_use' ? 'tool_use' : 'stop',
    };
  }

  private async sdk(): Promise<AnthropicMessagesClient> {
    const key = await this.options.keys.keyFor('anthropic');
    if (!key) throw new LlmProviderError('anthropic', 'not_configured', 'no API key configured');
    if (this.client?.key !== key) {
      this.client = {
        key,
        sdk: new AnthropicMessagesClient({ apiKey: key, baseURL: this.options.baseURL, maxRetries: 0 }),
      };
    }
    return this.client.sdk;
  }

  private mapError(error: unknown, watchdog: StreamWatchdog): LlmProviderError {
    if (error instanceof LlmProviderError) return error;
    if (watchdog.expired === 'first_token')
      return new LlmProviderError('anthropic', 'timeout', 'no first token in time');
    if (watchdog.expired === 'idle')
      return new LlmProviderError('anthropic', 'stalled', 'stream went silent');
    if (error instanceof BaseAnthropic.APIConnectionTimeoutError)
      return new LlmProviderError('anthropic', 'timeout', 'request timed out');
    if (error instanceof BaseAnthropic.APIConnectionError)
      return new LlmProviderError('anthropic', 'connection', 'connection failed');
    if (error instanceof BaseAnthropic.APIError) {
      const body = error.error as { error?: { type?: string }; type?: string } | undefined;
      const type = body?.error?.type ?? body?.type;
      return new LlmProviderError(
        'anthropic',
        kindOfStatus(error.status, type),
        `HTTP ${error.status ?? 'stream'} ${type ?? ''}`.trim(),
        parseRetryAfter(error.headers),
        error.status,
      );
    }
    if (error instanceof SyntaxError)
      return new LlmProviderError('anthropic', 'stream_error', 'malformed stream');
    return new LlmProviderError(
      'anthropic',
      'connection',
      error instanceof Error ? error.message : 'unknown failure',
    );
  }
}

function toAnthropicTool(tool: ToolSpec): Tool {
  return {
    name: tool.name,
    description: tool.description,
    input_schema: { type: 'object', ...tool.inputSchema },
  };
}

/** Maps the port's messages; consecutive tool results merge into one user turn; a trailing assistant text is a prefill. */
function toAnthropicMessages(request: LlmRequest): MessageParam[] {
  const out: MessageParam[] = [];
  const lastIndex = request.messages.length - 1;
  request.messages.forEach((m, i) => {
    if (m.role === 'user') out.push({ role: 'user', content: m.content });
    else if (m.role === 'tool') {
      const block: ContentBlockParam = { type: 'tool_result', tool_use_id: m.toolCallId, content: m.content };
      const previous = out[out.length - 1];
      if (previous?.role === 'user' && Array.isArray(previous.content)) previous.content.push(block);
      else out.push({ role: 'user', content: [block] });
    } else {
      const blocks: ContentBlockParam[] = [];
      const text = i === lastIndex ? m.content.trimEnd() : m.content;
      if (text) blocks.push({ type: 'text', text });
      for (const c of m.toolCalls ?? []) {
        blocks.push({ type: 'tool_use', id: c.id, name: c.name, input: safeJson(c.argumentsJson) });
      }
      if (blocks.length) out.push({ role: 'assistant', content: blocks });
    }
  });
  return out;
}

function safeJson(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}
