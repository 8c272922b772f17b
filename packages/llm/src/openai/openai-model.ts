import OpenAI from 'openai';
import { callFailure } from '../call-failure';
import type { ChatModel, ChatRequest, ChatResponse, StopReason, ToolCall } from '../chat-model';
import { isStrictSchema } from '../json-output';
import type { ProviderOptions } from '../provider-options';
import { toOpenAiMessages } from './to-openai';

const STOP: Record<string, StopReason> = {
  stop: 'end',
  tool_calls: 'tool_use',
  function_call: 'tool_use',
  length: 'max_tokens',
  content_filter: 'refusal',
};

export interface OpenAiOptions extends Omit<ProviderOptions, 'apiKey'> {
  /** Optional for self-hosted endpoints (Ollama, vLLM, llama.cpp server), which accept any key. */
  apiKey?: string;
  /**
   * `openai` speaks today's API (`max_completion_tokens`, `reasoning_effort` for reasoning models);
   * `openai-compatible` sticks to what other servers implement (`max_tokens`).
   */
  flavour?: 'openai' | 'openai-compatible';
}

/** o-series and gpt-5 models think before they answer and take `reasoning_effort`. */
export function isReasoningModel(modelId: string): boolean {
  return /^(o\d|gpt-5)/.test(modelId);
}

/** OpenAI (and any OpenAI-compatible server) through the `openai` SDK's Chat Completions with structured outputs. */
export function createOpenAi(options: OpenAiOptions) {
  const flavour = options.flavour ?? 'openai';
  const client = new OpenAI({
    apiKey: options.apiKey ?? 'not-needed',
    baseURL: options.baseURL ?? 'https://api.openai.com/v1',
    organization: null,
    project: null,
    maxRetries: 0,
    timeout: 600_000,
    logLevel: 'off',
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  return (modelId: string): ChatModel => {
    const spec =
      flavour === 'openai' ? `openai:${modelId}` : `openai-compatible:${modelId}@${options.baseURL ?? 'default'}`;
    const reasoning = flavour === 'openai' && isReasoningModel(modelId);
    return {
      provider: flavour,
      modelId,
      spec,
      async generate(request: ChatRequest): Promise<ChatResponse> {
        const output = request.output;
        const body: OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming = {
          model: modelId,
          messages: toOpenAiMessages(request),
          ...(flavour === 'openai' ? { max_completion_tokens: request.maxTokens } : { max_tokens: request.maxTokens }),
          ...(reasoning && request.reasoningEffort ? { reasoning_effort: request.reasoningEffort } : {}),
          ...(request.tools?.length && !output
            ? {
                tools: request.tools.map((tool) => ({
                  type: 'function' as const,
                  function: { name: tool.name, description: tool.description, parameters: tool.inputSchema },
                })),
              }
            : {}),
          ...(output
            ? {
                response_format: {
                  type: 'json_schema' as const,
                  json_schema: {
                    name: output.name,
                    description: output.description,
                    schema: output.jsonSchema,
                    strict: isStrictSchema(output.jsonSchema),
                  },
                },
              }
            : {}),
        };
        let completion: OpenAI.Chat.Completions.ChatCompletion;
        try {
          completion = await client.chat.completions.create(body, { signal: request.signal });
        } catch (error) {
          if (error instanceof OpenAI.APIError && error.status !== undefined) {
            throw callFailure(spec, { status: error.status, headers: error.headers }, error);
          }
          throw callFailure(spec, { connection: error instanceof OpenAI.APIConnectionError }, error);
        }
        return readCompletion(spec, completion, output !== undefined);
      },
    };
  };
}

function readCompletion(spec: string, completion: OpenAI.Chat.Completions.ChatCompletion, structured: boolean) {
  const choice = completion.choices[0];
  const message = choice?.message;
  const toolCalls: ToolCall[] = (message?.tool_calls ?? []).flatMap((call) =>
    call.type === 'function'
      ? [{ id: call.id, name: call.function.name, input: parseArguments(call.function.arguments) }]
      : [],
  );
  const cached = completion.usage?.prompt_tokens_details?.cached_tokens ?? 0;
  const response: ChatResponse = {
    model: spec,
    text: message?.content ?? '',
    toolCalls,
    usage: {
      input: (completion.usage?.prompt_tokens ?? 0) - cached,
      output: completion.usage?.completion_tokens ?? 0,
      cached,
    },
    stopReason: message?.refusal ? 'refusal' : ((choice?.finish_reason && STOP[choice.finish_reason]) ?? 'other'),
  };
  if (structured) response.outputText = message?.content ?? message?.refusal ?? '';
  return response;
}

/** Tool arguments the model garbled become an input the tool layer rejects with a clear error, not a crash. */
function parseArguments(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text || '{}');
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : { _invalid: text };
  } catch {
    return { _invalid: text };
  }
}
