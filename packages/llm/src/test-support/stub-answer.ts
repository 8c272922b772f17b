import type { ChatMessage } from '../chat-model';

/** A provider request read back into Triad's terms: what the stub model "sees". */
export interface DecodedRequest {
  model: string;
  /** System prompt and context, joined. */
  system: string;
  messages: ChatMessage[];
  /** Names of the tools offered (the answer tool of a structured request excluded). */
  tools: string[];
  /** The structured answer asked for. */
  output?: { name: string; schema: Record<string, unknown> };
  maxTokens?: number;
}

/** What a stub model answers, in Triad's terms; each provider's codec puts it on the wire. */
export interface StubAnswer {
  text?: string;
  toolCalls?: Array<{ name: string; input: Record<string, unknown>; id?: string }>;
  /** The structured answer: an object is sent as the provider sends JSON, a string as raw (possibly broken) text. */
  output?: unknown;
  usage?: { input: number; output: number; cached?: number };
  /** `max_tokens` makes the answer look cut off. */
  stop?: 'end' | 'max_tokens';
}

/** One provider's wire format for the stubs. */
export interface WireCodec {
  provider: 'anthropic' | 'openai' | 'google';
  decode(body: unknown, url: string): DecodedRequest;
  encode(answer: StubAnswer, request: DecodedRequest): unknown;
  /** A provider error body with this status and message. */
  error(status: number, message: string): unknown;
}

export function outputJson(output: unknown): string {
  return typeof output === 'string' ? output : JSON.stringify(output);
}
