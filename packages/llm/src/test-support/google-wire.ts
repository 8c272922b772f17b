import type { ChatMessage } from '../chat-model';
import { type DecodedRequest, outputJson, type StubAnswer, type WireCodec } from './stub-answer';

type Part = {
  text?: string;
  functionCall?: { id?: string; name: string; args?: Record<string, unknown> };
  functionResponse?: { id?: string; name: string; response: Record<string, unknown> };
};
interface Body {
  contents: Array<{ role: 'user' | 'model'; parts: Part[] }>;
  systemInstruction?: { parts: Part[] };
  tools?: Array<{ functionDeclarations?: Array<{ name: string }> }>;
  generationConfig?: {
    maxOutputTokens?: number;
    responseMimeType?: string;
    responseJsonSchema?: Record<string, unknown>;
  };
}

/** The Gemini API (`POST /v1beta/models/<model>:generateContent`) as the stubs speak it. */
export const googleWire: WireCodec = {
  provider: 'google',
  decode(raw, url) {
    const body = raw as Body;
    const model = /models\/([^:/?]+):generateContent/.exec(url)?.[1] ?? '';
    const schema = body.generationConfig?.responseJsonSchema;
    return {
      model,
      system: (body.systemInstruction?.parts ?? []).map((part) => part.text ?? '').join(''),
      messages: body.contents.map(decodeContent),
      tools: (body.tools ?? []).flatMap((tool) => (tool.functionDeclarations ?? []).map((f) => f.name)),
      ...(schema ? { output: { name: 'answer', schema } } : {}),
      maxTokens: body.generationConfig?.maxOutputTokens,
    };
  },
  encode(answer: StubAnswer, _request: DecodedRequest) {
    const parts: Part[] = [];
    if (answer.output !== undefined) parts.push({ text: outputJson(answer.output) });
    else if (answer.text) parts.push({ text: answer.text });
    (answer.toolCalls ?? []).forEach((call) => {
      parts.push({ functionCall: { ...(call.id ? { id: call.id } : {}), name: call.name, args: call.input } });
    });
    const cached = answer.usage?.cached ?? 0;
    return {
      candidates: [
        {
          content: { role: 'model', parts },
          finishReason: answer.stop === 'max_tokens' ? 'MAX_TOKENS' : 'STOP',
          index: 0,
        },
      ],
      usageMetadata: {
        promptTokenCount: (answer.usage?.input ?? 0) + cached,
        candidatesTokenCount: answer.usage?.output ?? 0,
        cachedContentTokenCount: cached,
        totalTokenCount: (answer.usage?.input ?? 0) + cached + (answer.usage?.output ?? 0),
      },
      modelVersion: 'stub',
      responseId: 'stub',
    };
  },
  error(status, message) {
    const state = status === 429 ? 'RESOURCE_EXHAUSTED' : status >= 500 ? 'INTERNAL' : 'INVALID_ARGUMENT';
    return { error: { code: status, message, status: state } };
  },
};

function decodeContent(content: Body['contents'][number]): ChatMessage {
  const responses = content.parts.filter((part) => part.functionResponse);
  if (responses.length > 0) {
    return {
      role: 'tool',
      results: responses.map(({ functionResponse: r }) => ({
        callId: r?.id ?? '',
        name: r?.name ?? '',
        content: String(r?.response.result ?? r?.response.error ?? ''),
        ...(r?.response.error !== undefined ? { isError: true } : {}),
      })),
    };
  }
  const text = content.parts.map((part) => part.text ?? '').join('');
  if (content.role === 'user') return { role: 'user', content: text };
  const toolCalls = content.parts
    .filter((part) => part.functionCall)
    .map(({ functionCall: call }, i) => ({
      id: call?.id ?? `call_${i}`,
      name: call?.name ?? '',
      input: call?.args ?? {},
    }));
  return { role: 'assistant', content: text, ...(toolCalls.length ? { toolCalls } : {}) };
}
