import type { ChatMessage, ToolResult } from '../chat-model';
import { type DecodedRequest, outputJson, type StubAnswer, type WireCodec } from './stub-answer';

type Block = { type: string; text?: string; id?: string; name?: string; input?: unknown } & Record<string, unknown>;
interface Body {
  model: string;
  max_tokens: number;
  system?: string | Block[];
  messages: Array<{ role: 'user' | 'assistant'; content: string | Block[] }>;
  tools?: Array<{ name: string; input_schema: Record<string, unknown> }>;
  tool_choice?: { type: string; name?: string };
}

/** The Anthropic Messages API (`POST /v1/messages`) as the stubs speak it. */
export const anthropicWire: WireCodec = {
  provider: 'anthropic',
  decode(raw) {
    const body = raw as Body;
    const system = typeof body.system === 'string' ? body.system : (body.system ?? []).map((b) => b.text).join('\n\n');
    const forced = body.tool_choice?.type === 'tool' ? body.tool_choice.name : undefined;
    const answerTool = body.tools?.find((tool) => tool.name === forced);
    return {
      model: body.model,
      system,
      messages: body.messages.map(decodeMessage),
      tools: (body.tools ?? []).filter((tool) => tool.name !== forced).map((tool) => tool.name),
      ...(answerTool ? { output: { name: answerTool.name, schema: answerTool.input_schema } } : {}),
      maxTokens: body.max_tokens,
    };
  },
  encode(answer: StubAnswer, request: DecodedRequest) {
    const content: Block[] = [];
    if (answer.text) content.push({ type: 'text', text: answer.text });
    if (answer.output !== undefined && request.output && typeof answer.output !== 'string') {
      content.push({ type: 'tool_use', id: 'toolu_answer', name: request.output.name, input: answer.output });
    } else if (answer.output !== undefined) {
      content.push({ type: 'text', text: outputJson(answer.output) });
    }
    (answer.toolCalls ?? []).forEach((call, i) => {
      content.push({ type: 'tool_use', id: call.id ?? `toolu_${i + 1}`, name: call.name, input: call.input });
    });
    const usesTool = content.some((block) => block.type === 'tool_use');
    return {
      id: 'msg_stub',
      type: 'message',
      role: 'assistant',
      model: request.model,
      content,
      stop_reason: answer.stop === 'max_tokens' ? 'max_tokens' : usesTool ? 'tool_use' : 'end_turn',
      stop_sequence: null,
      usage: {
        input_tokens: answer.usage?.input ?? 0,
        output_tokens: answer.usage?.output ?? 0,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: answer.usage?.cached ?? 0,
      },
    };
  },
  error(status, message) {
    const type = status === 429 ? 'rate_limit_error' : status >= 500 ? 'api_error' : 'invalid_request_error';
    return { type: 'error', error: { type, message } };
  },
};

function decodeMessage(message: Body['messages'][number]): ChatMessage {
  if (typeof message.content === 'string') {
    return message.role === 'user'
      ? { role: 'user', content: message.content }
      : { role: 'assistant', content: message.content };
  }
  const results = message.content.filter((block) => block.type === 'tool_result');
  if (results.length > 0) {
    return {
      role: 'tool',
      results: results.map(
        (block): ToolResult => ({
          callId: String(block.tool_use_id),
          name: '',
          content: String(block.content),
          ...(block.is_error ? { isError: true } : {}),
        }),
      ),
    };
  }
  const text = message.content.flatMap((block) => (block.type === 'text' ? [block.text ?? ''] : [])).join('');
  if (message.role === 'user') return { role: 'user', content: text };
  const toolCalls = message.content
    .filter((block) => block.type === 'tool_use')
    .map((block) => ({
      id: String(block.id),
      name: String(block.name),
      input: block.input as Record<string, unknown>,
    }));
  return { role: 'assistant', content: text, ...(toolCalls.length ? { toolCalls } : {}) };
}
