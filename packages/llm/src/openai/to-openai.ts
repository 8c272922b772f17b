import type OpenAI from 'openai';
import type { ChatMessage, ChatRequest } from '../chat-model';

type Message = OpenAI.Chat.Completions.ChatCompletionMessageParam;

/** System prompt, then context, then the conversation; OpenAI caches the longest repeated prefix on its own. */
export function toOpenAiMessages(request: ChatRequest): Message[] {
  const out: Message[] = [{ role: 'system', content: request.system }];
  if (request.context) out.push({ role: 'system', content: request.context });
  for (const message of request.messages) out.push(...convert(message));
  return out;
}

function convert(message: ChatMessage): Message[] {
  if (message.role === 'user') return [{ role: 'user', content: message.content }];
  if (message.role === 'assistant') {
    const calls = message.toolCalls ?? [];
    return [
      {
        role: 'assistant',
        content: message.content || null,
        ...(calls.length > 0
          ? {
              tool_calls: calls.map((call) => ({
                id: call.id,
                type: 'function' as const,
                function: { name: call.name, arguments: JSON.stringify(call.input) },
              })),
            }
          : {}),
      },
    ];
  }
  return message.results.map((result) => ({
    role: 'tool' as const,
    tool_call_id: result.callId,
    content: result.isError ? `ERROR: ${result.content}` : result.content,
  }));
}
