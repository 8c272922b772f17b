import type { Content, Part } from '@google/genai';
import type { ChatMessage } from '../chat-model';

/** Gemini's turns: `user` and `model`; tool results go back as `functionResponse` parts of a user turn. */
export function toGoogleContents(messages: ChatMessage[]): Content[] {
  return messages.map((message): Content => {
    if (message.role === 'user') return { role: 'user', parts: [{ text: message.content }] };
    if (message.role === 'assistant') {
      const parts: Part[] = [];
      if (message.content) parts.push({ text: message.content });
      for (const call of message.toolCalls ?? []) {
        parts.push({
          functionCall: { id: call.id, name: call.name, args: call.input },
          ...(call.signature ? { thoughtSignature: call.signature } : {}),
        });
      }
      return { role: 'model', parts };
    }
    return {
      role: 'user',
      parts: message.results.map((result) => ({
        functionResponse: {
          id: result.callId,
          name: result.name,
          response: result.isError ? { error: result.content } : { result: result.content },
        },
      })),
    };
  });
}
