import type { ChatMessage } from '../chat-model';
import { type DecodedRequest, outputJson, type StubAnswer, type WireCodec } from './stub-answer';

interface WireMessage {
  role: 'system' | 'developer' | 'user' | 'assistant' | 'tool';
  content: string | null;
  tool_call_id?: string;
  tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>;
}
interface Body {
  model: string;
  messages: WireMessage[];
  max_tokens?: number;
  max_completion_tokens?: number;
  tools?: Array<{ function: { name: string } }>;
  response_format?: { type: string; json_schema?: { name: string; schema: Record<string, unknown> } };
}

/** OpenAI Chat Completions (`POST /chat/completions`), as OpenAI and the compatible servers speak it. */
export const openaiWire: WireCodec = {
  provider: 'openai',
  decode(raw) {
    const body = raw as Body;
    const messages: ChatMessage[] = [];
    for (const message of body.messages) {
      if (message.role === 'user') messages.push({ role: 'user', content: message.content ?? '' });
      if (message.role === 'assistant') {
        const toolCalls = (message.tool_calls ?? []).map((call) => ({
          id: call.id,
          name: call.function.name,
          input: JSON.parse(call.function.arguments) as Record<string, unknown>,
        }));
        messages.push({
          role: 'assistant',
          content: message.content ?? '',
          ...(toolCalls.length ? { toolCalls } : {}),
        });
      }
      if (message.role === 'tool') {
        const result = { callId: message.tool_call_id ?? '', name: '', content: message.content ?? '' };
        const last = messages.at(-1);
        if (last?.role === 'tool') last.results.push(result);
        else messages.push({ role: 'tool', results: [result] });
      }
    }
    const schema = body.response_format?.json_schema;
    return {
      model: body.model,
      system: body.messages
        .filter((m) => m.role === 'system' || m.role === 'developer')
        .map((m) => m.content)
        .join('\n\n'),
      messages,
      tools: (body.tools ?? []).map((tool) => tool.function.name),
      ...(schema ? { output: { name: schema.name, schema: schema.schema } } : {}),
      maxTokens: body.max_completion_tokens ?? body.max_tokens,
    };
  },
  encode(answer: StubAnswer, request: DecodedRequest) {
    const toolCalls = (answer.toolCalls ?? []).map((call, i) => ({
      id: call.id ?? `call_${i + 1}`,
      type: 'function',
      function: { name: call.name, arguments: JSON.stringify(call.input) },
    }));
    const content = answer.output !== undefined ? outputJson(answer.output) : (answer.text ?? null);
    const cached = answer.usage?.cached ?? 0;
    return {
      id: 'chatcmpl-stub',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: request.model,
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content,
            refusal: null,
            ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
          },
          finish_reason: answer.stop === 'max_tokens' ? 'length' : toolCalls.length ? 'tool_calls' : 'stop',
          logprobs: null,
        },
      ],
      usage: {
        prompt_tokens: (answer.usage?.input ?? 0) + cached,
        completion_tokens: answer.usage?.output ?? 0,
        total_tokens: (answer.usage?.input ?? 0) + cached + (answer.usage?.output ?? 0),
        prompt_tokens_details: { cached_tokens: cached },
      },
    };
  },
  error(status, message) {
    const type = status === 429 ? 'rate_limit_exceeded' : status >= 500 ? 'server_error' : 'invalid_request_error';
    return { error: { message, type, param: null, code: type } };
  },
};
