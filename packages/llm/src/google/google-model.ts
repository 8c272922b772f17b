import { ApiError, type GenerateContentResponse, GoogleGenAI } from '@google/genai';
import { callFailure } from '../call-failure';
import type { ChatModel, ChatRequest, ChatResponse, StopReason, ToolCall } from '../chat-model';
import type { ProviderOptions } from '../provider-options';
import { toGoogleContents } from './to-google';

const STOP: Record<string, StopReason> = {
  STOP: 'end',
  MAX_TOKENS: 'max_tokens',
  SAFETY: 'refusal',
  RECITATION: 'refusal',
  PROHIBITED_CONTENT: 'refusal',
  BLOCKLIST: 'refusal',
  SPII: 'refusal',
};

/**
 * Gemini through `@google/genai` (the Gemini API, not Vertex). Structured output is `responseMimeType: application/json`
 * with the answer's JSON Schema (`responseJsonSchema`, the JSON Schema form of `responseSchema`).
 */
export function createGoogle(options: ProviderOptions) {
  const baseFetch = options.fetch ?? globalThis.fetch;
  const client = new GoogleGenAI({
    apiKey: options.apiKey,
    vertexai: false,
    httpOptions: { ...(options.baseURL ? { baseUrl: options.baseURL } : {}), fetch: baseFetch },
  });
  return (modelId: string): ChatModel => {
    const spec = `google:${modelId}`;
    return {
      provider: 'google',
      modelId,
      spec,
      async generate(request: ChatRequest): Promise<ChatResponse> {
        // The SDK's errors carry no headers: this call's own fetch keeps the last ones for `retry-after`.
        let headers: Headers | undefined;
        const fetch: typeof globalThis.fetch = async (input, init) => {
          const response = await baseFetch(input, init);
          headers = response.headers;
          return response;
        };
        const output = request.output;
        let response: GenerateContentResponse;
        try {
          response = await client.models.generateContent({
            model: modelId,
            contents: toGoogleContents(request.messages),
            config: {
              systemInstruction: [request.system, request.context].filter(Boolean).join('\n\n'),
              maxOutputTokens: request.maxTokens,
              abortSignal: request.signal,
              httpOptions: { fetch },
              automaticFunctionCalling: { disable: true },
              ...(request.tools?.length && !output
                ? {
                    tools: [
                      {
                        functionDeclarations: request.tools.map((tool) => ({
                          name: tool.name,
                          description: tool.description,
                          parametersJsonSchema: tool.inputSchema,
                        })),
                      },
                    ],
                  }
                : {}),
              ...(output ? { responseMimeType: 'application/json', responseJsonSchema: output.jsonSchema } : {}),
            },
          });
        } catch (error) {
          if (error instanceof ApiError) throw callFailure(spec, { status: error.status, headers }, error);
          throw callFailure(spec, { connection: true }, error);
        }
        return readResponse(spec, response, output !== undefined);
      },
    };
  };
}

function readResponse(spec: string, response: GenerateContentResponse, structured: boolean): ChatResponse {
  const candidate = response.candidates?.[0];
  const parts = candidate?.content?.parts ?? [];
  const text = parts
    .filter((part) => typeof part.text === 'string' && !part.thought)
    .map((part) => part.text)
    .join('');
  const toolCalls: ToolCall[] = parts.flatMap((part, index) =>
    part.functionCall?.name
      ? [
          {
            id: part.functionCall.id ?? `call_${index}`,
            name: part.functionCall.name,
            input: (part.functionCall.args ?? {}) as Record<string, unknown>,
            ...(part.thoughtSignature ? { signature: part.thoughtSignature } : {}),
          },
        ]
      : [],
  );
  const usage = response.usageMetadata;
  const cached = usage?.cachedContentTokenCount ?? 0;
  const stop = (candidate?.finishReason && STOP[candidate.finishReason]) ?? (candidate ? 'other' : 'refusal');
  return {
    model: spec,
    text,
    toolCalls,
    ...(structured ? { outputText: text } : {}),
    usage: {
      input: (usage?.promptTokenCount ?? 0) - cached,
      output: (usage?.candidatesTokenCount ?? 0) + (usage?.thoughtsTokenCount ?? 0),
      cached,
    },
    stopReason: toolCalls.length > 0 && stop === 'end' ? 'tool_use' : stop,
  };
}
