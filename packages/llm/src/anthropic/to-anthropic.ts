import type Anthropic from '@anthropic-ai/sdk';
import type { ChatMessage, ChatRequest } from '../chat-model';

type MessageParam = Anthropic.Messages.MessageParam;
type TextBlockParam = Anthropic.Messages.TextBlockParam;

const CACHE = { type: 'ephemeral' } as const;

/**
 * The system prompt and the stable context as two cached blocks: tools, system prompt and context form the prefix
 * every call of a session repeats, so it is paid for once and read from the cache afterwards.
 */
export function systemBlocks(request: ChatRequest): TextBlockParam[] {
  const blocks: TextBlockParam[] = [{ type: 'text', text: request.system, cache_control: CACHE }];
  if (request.context) blocks.push({ type: 'text', text: request.context, cache_control: CACHE });
  return blocks;
}

export function toAnthropicMessages(messages: ChatMessage[]): MessageParam[] {
  return messages.map((message): MessageParam => {
    if (message.role === 'user') return { role: 'user', content: message.content };
    if (message.role === 'assistant') {
      const content: Anthropic.Messages.ContentBlockParam[] = [];
      if (message.content) content.push({ type: 'text', text: message.content });
      for (const call of message.toolCalls ?? []) {
        content.push({ type: 'tool_use', id: call.id, name: call.name, input: call.input });
      }
      return { role: 'assistant', content };
    }
    return {
      role: 'user',
      content: message.results.map((result) => ({
        type: 'tool_result' as const,
        tool_use_id: result.callId,
        content: result.content,
        ...(result.isError ? { is_error: true } : {}),
      })),
    };
  });
}
