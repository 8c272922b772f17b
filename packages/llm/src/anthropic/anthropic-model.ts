import Anthropic from '@anthropic-ai/sdk';
import { callFailure } from '../call-failure';
import type { ChatModel, ChatRequest, ChatResponse, StopReason, ToolCall } from '../chat-model';
import type { ProviderOptions } from '../provider-options';
import { systemBlocks, toAnthropicMessages } from './to-anthropic';

const STOP: Record<string, StopReason> = {
  end_turn: 'end',
  stop_sequence: 'end',
  tool_use: 'tool_use',
  max_tokens: 'max_tokens',
  model_context_window_exceeded: 'max_tokens',
  refusal: 'refusal',
};

/**
 * Claude through `@anthropic-ai/sdk`. Structured output is a forced tool call whose input is the answer; the stable
 * prefix carries `cache_control`. Retries are Triad's (`resilient`), so the SDK's own are off.
 */
export function createAnthropic(options: ProviderOptions) {
  const client = new Anthropic({
    apiKey: options.apiKey,
    baseURL: options.baseURL ?? 'https://api.anthropic.com',
    maxRetries: 0,
    timeout: 600_000,
    logLevel: 'off',
    openTelemetry: false,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  return (modelId: string): ChatModel => {
    const spec = `anthropic:${modelId}`;
    return {
      provider: 'anthropic',
      modelId,
      spec,
      async generate(request: ChatRequest): Promise<ChatResponse> {
        const tools: Anthropic.Messages.Tool[] = request.output
          ? [
              {
                name: request.output.name,
                description: request.output.description,
                input_schema: request.output.jsonSchema as Anthropic.Messages.Tool.InputSchema,
              },
            ]
          : (request.tools ?? []).map((tool) => ({
              name: tool.name,
              description: tool.description,
              input_schema: tool.inputSchema as Anthropic.Messages.Tool.InputSchema,
            }));
        let message: Anthropic.Messages.Message;
        try {
          message = await client.messages.create(
            {
              model: modelId,
              max_tokens: request.maxTokens,
              system: systemBlocks(request),
              messages: toAnthropicMessages(request.messages),
              ...(tools.length > 0 ? { tools } : {}),
              ...(request.output ? { tool_choice: { type: 'tool', name: request.output.name } } : {}),
            },
            { signal: request.signal },
          );
        } catch (error) {
          if (error instanceof Anthropic.APIError && error.status !== undefined) {
            throw callFailure(spec, { status: error.status, headers: error.headers }, error);
          }
          throw callFailure(spec, { connection: error instanceof Anthropic.APIConnectionError }, error);
        }
        return readMessage(spec, message, request.output?.name);
      },
    };
  };
}

function readMessage(spec: string, message: Anthropic.Messages.Message, outputName?: string): ChatResponse {
  const text = message.content
    .filter((block) => block.type === 'text')
    .map((block) => block.text)
    .join('');
  const toolCalls: ToolCall[] = [];
  let outputText: string | undefined;
  for (const block of message.content) {
    if (block.type !== 'tool_use') continue;
    if (block.name === outputName) outputText = JSON.stringify(block.input);
    else toolCalls.push({ id: block.id, name: block.name, input: (block.input ?? {}) as Record<string, unknown> });
  }
  const usage = message.usage;
  const stop = (message.stop_reason && STOP[message.stop_reason]) ?? 'other';
  return {
    model: spec,
    text,
    toolCalls,
    // A model that answered in text despite the forced tool: its text is the answer to validate.
    ...(outputName !== undefined ? { outputText: outputText ?? text } : {}),
    usage: {
      input: usage.input_tokens + (usage.cache_creation_input_tokens ?? 0),
      output: usage.output_tokens,
      cached: usage.cache_read_input_tokens ?? 0,
      ...(usage.cache_creation_input_tokens ? { cacheWrites: usage.cache_creation_input_tokens } : {}),
    },
    // The forced answer tool is not a request to run tools.
    stopReason: stop === 'tool_use' && outputText !== undefined && toolCalls.length === 0 ? 'end' : stop,
  };
}
