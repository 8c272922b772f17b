/**
 * The one chat-model interface every provider adapter implements. Types only: no I/O, no provider in sight.
 * An adapter makes exactly one provider call per `generate`; retries, fallback, validation and pricing wrap it.
 */

/** A tool the model may call, described by a JSON Schema of its input. */
export interface ToolDefinition {
  /** `snake_case`, unique in the request. */
  name: string;
  /** What the tool does and when to call it: the model reads this. */
  description: string;
  /** JSON Schema (draft 2020-12 subset) of the input object. */
  inputSchema: Record<string, unknown>;
}

/** A call of a tool, as the model asked for it. */
export interface ToolCall {
  /** The provider's id of the call (or one the adapter made up when the provider gives none). */
  id: string;
  name: string;
  /** The parsed arguments. */
  input: Record<string, unknown>;
  /** Opaque provider data that must go back with the call (Gemini's thought signature). */
  signature?: string;
}

/** What a tool call returned, sent back to the model. */
export interface ToolResult {
  /** `ToolCall.id` this answers. */
  callId: string;
  /** `ToolCall.name` this answers (Gemini matches results by name). */
  name: string;
  content: string;
  /** True when the call failed or was refused; the model should change course. */
  isError?: boolean;
}

export type ChatMessage =
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls?: ToolCall[] }
  | { role: 'tool'; results: ToolResult[] };

/** The shape a structured answer must have; the provider is asked for it in its own way. */
export interface OutputFormat {
  /** `snake_case` name of the answer (the tool name for Anthropic, the schema name for OpenAI). */
  name: string;
  description: string;
  /** JSON Schema of the answer. */
  jsonSchema: Record<string, unknown>;
}

export interface ChatRequest {
  /** The role's system prompt: stable for a whole session, so providers cache it. */
  system: string;
  /** Stable context after the system prompt (cluster summary): cached with it where the provider allows. */
  context?: string;
  messages: ChatMessage[];
  /** Tools the model may call; not combined with `output`. */
  tools?: ToolDefinition[];
  /** Ask for a structured answer instead of free text or tool calls. */
  output?: OutputFormat;
  /** Upper bound of output tokens (reasoning included). */
  maxTokens: number;
  /** For reasoning models (OpenAI o-series): how hard to think. */
  reasoningEffort?: 'low' | 'medium' | 'high';
  /** Aborts the provider call at once (deadline, stop, budget, timeout). */
  signal?: AbortSignal;
}

/** Tokens of one call. `input` excludes the tokens read from the prompt cache, which `cached` counts. */
export interface TokenUsage {
  /** Input tokens billed at the full input price (cache writes included). */
  input: number;
  /** Output tokens, reasoning included. */
  output: number;
  /** Input tokens read from the provider's prompt cache. */
  cached: number;
  /** Of `input`, the tokens written to the prompt cache, where the provider bills them apart (Anthropic: 1.25×). */
  cacheWrites?: number;
}

/** Why the model stopped: it finished, it wants tools run, it ran out of tokens, or it refused. */
export type StopReason = 'end' | 'tool_use' | 'max_tokens' | 'refusal' | 'other';

export interface ChatResponse {
  /** `<provider>:<model>` of the model that answered (a fallback, when the primary failed). */
  model: string;
  /** Free text of the answer (empty when it only called tools). */
  text: string;
  toolCalls: ToolCall[];
  /** The structured answer as the provider returned it (JSON text), when `output` was asked for. */
  outputText?: string;
  usage: TokenUsage;
  stopReason: StopReason;
}

export interface ChatModel {
  /** `anthropic`, `openai`, `openai-compatible`, `google`. */
  readonly provider: string;
  readonly modelId: string;
  /** `<provider>:<model>`: goes into events, usage records and trailers. */
  readonly spec: string;
  generate(request: ChatRequest): Promise<ChatResponse>;
}
