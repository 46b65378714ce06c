// OpenAI Chat Completions streaming through the official SDK, mapped to the LlmProvider port.
import OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import type { LlmProvider, LlmRequest, LlmStreamEvent, ToolCall } from '../ports';
import type { ApiKeyResolver } from './api-keys';
import { kindOfStatus, LlmProviderError, parseRetryAfter } from './provider-error';
import { StreamWatchdog, type StreamTimeouts } from './stream-guard';

export interface OpenAiProviderOptions {
  readonly keys: ApiKeyResolver;
  /** OPENAI_BASE_URL (any server speaking the Chat Completions format). @default - the SDK default */
  readonly baseURL?: string;
  readonly timeouts: StreamTimeouts;
  /** Whole-request timeout given to the SDK. */
  readonly requestTimeoutMs: number;
}

export class OpenAiProvider implements LlmProvider {
  readonly name = 'openai' as const;
  private client: { key: string; sdk: OpenAI } | undefined;

  constructor(private readonly options: OpenAiProviderOptions) {}

  async *stream(request: LlmRequest): AsyncIterable<LlmStreamEvent> {
    const sdk = await this.sdk();
    const watchdog = new StreamWatchdog(this.options.timeouts, request.signal);
    const toolParts = new Map<number, { id: string; name: string; args: string }>();
    let finish: string | null | undefined;
    try {
      const stream = await sdk.chat.completions.create(
        {
          model: request.model,
          messages: toOpenAiMessages(request),
          max_completion_tokens: request.maxOutputTokens,
          stream: true,
          stream_options: { include_usage: true },
          ...(request.tools?.length ? { tools: request.tools.map(toOpenAiTool) } : {}),
        },
        { signal: watchdog.signal, maxRetries: 0, timeout: this.options.requestTimeoutMs },
      );
      for await (const chunk of stream) {
        if (chunk.usage) {
          yield {
            type: 'usage',
            inputTokens: chunk.usage.prompt_tokens ?? 0,
            outputTokens: chunk.usage.completion_tokens ?? 0,
          };
        }
        const choice = chunk.choices?.[0];
        if (!choice) continue;
        const text = choice.delta?.content;
        if (text) {
          watchdog.progress();
          yield { type: 'text', text };
        }
        for (const part of choice.delta?.tool_calls ?? []) {
          watchdog.progress();
          const current = toolParts.get(part.index) ?? { id: '', name: '', args: '' };
          if (part.id) current.id = part.id;
          if (part.function?.name) current.name += part.function.name;
          if (part.function?.arguments) current.args += part.function.arguments;
          toolParts.set(part.index, current);
        }
        if (choice.finish_reason) finish = choice.finish_reason;
      }
    } catch (error) {
      throw this.mapError(error, watchdog);
    } finally {
      watchdog.dispose();
    }
    if (watchdog.expired) throw this.mapError(undefined, watchdog);
    if (request.signal?.aborted) throw new LlmProviderError('openai', 'connection', 'aborted by the caller');
    if (!finish) throw new LlmProviderError('openai', 'truncated', 'stream ended without a finish reason');
    for (const call of toolParts.values()) {
      const toolCall: ToolCall = { id: call.id, name: call.name, argumentsJson: call.args || '{}' };
      yield { type: 'tool_call', call: toolCall };
    }
    yield {
      type: 'end',
      reason: finish === 'length' ? 'max_tokens' : finish === 'tool_calls' ? 'tool_use' : 'stop',
    };
  }

  private async sdk(): Promise<OpenAI> {
    const key = await this.options.keys.keyFor('openai');
    if (!key) throw new LlmProviderError('openai', 'not_configured', 'no API key configured');
    if (this.client?.key !== key) {
      this.client = {
        key,
        sdk: new OpenAI({ apiKey: key, baseURL: this.options.baseURL, maxRetries: 0 }),
      };
    }
    return this.client.sdk;
  }

  private mapError(error: unknown, watchdog: StreamWatchdog): LlmProviderError {
    if (error instanceof LlmProviderError) return error;
    if (watchdog.expired === 'first_token')
      return new LlmProviderError('openai', 'timeout', 'no first token in time');
    if (watchdog.expired === 'idle') return new LlmProviderError('openai', 'stalled', 'stream went silent');
    if (error instanceof OpenAI.APIConnectionTimeoutError)
      return new LlmProviderError('openai', 'timeout', 'request timed out');
    if (error instanceof OpenAI.APIConnectionError)
      return new LlmProviderError('openai', 'connection', 'connection failed');
    if (error instanceof OpenAI.APIError) {
      const type = (error.error as { type?: string } | undefined)?.type;
      return new LlmProviderError(
        'openai',
        kindOfStatus(error.status, type),
        `HTTP ${error.status ?? 'stream'} ${type ?? ''}`.trim(),
        parseRetryAfter(error.headers),
        error.status,
      );
    }
    if (error instanceof SyntaxError)
      return new LlmProviderError('openai', 'stream_error', 'malformed stream');
    return new LlmProviderError(
      'openai',
      'connection',
      error instanceof Error ? error.message : 'unknown failure',
    );
  }
}

function toOpenAiTool(tool: {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
}): ChatCompletionTool {
  return {
    type: 'function',
    function: { name: tool.name, description: tool.description, parameters: tool.inputSchema },
  };
}

function toOpenAiMessages(request: LlmRequest): ChatCompletionMessageParam[] {
  const out: ChatCompletionMessageParam[] = [{ role: 'system', content: request.system }];
  for (const m of request.messages) {
    if (m.role === 'user') out.push({ role: 'user', content: m.content });
    else if (m.role === 'tool') out.push({ role: 'tool', tool_call_id: m.toolCallId, content: m.content });
    else if (m.toolCalls?.length) {
      out.push({
        role: 'assistant',
        content: m.content || null,
        tool_calls: m.toolCalls.map((c) => ({
          id: c.id,
          type: 'function' as const,
          function: { name: c.name, arguments: c.argumentsJson },
        })),
      });
    } else out.push({ role: 'assistant', content: m.content });
  }
  return out;
}
