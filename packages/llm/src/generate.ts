import type { z } from 'zod';
import type { ChatMessage, ChatModel, ChatRequest, ChatResponse, StopReason, TokenUsage } from './chat-model';
import { InvalidModelOutput } from './errors';
import { outputFormat, readOutput } from './json-output';
import { costOf, type ModelPrice } from './pricing';

/** One provider call as it is billed: what the role's budget and the event log record. */
export interface CallRecord {
  /** `<provider>:<model>` that answered. */
  model: string;
  usage: TokenUsage;
  usd: number;
  latencyMs: number;
  stopReason: StopReason;
}

export interface CallOptions {
  /** Every call that reached a model, failed validations included: they were billed. */
  onCall?: (record: CallRecord) => Promise<void> | void;
  /** Overrides of the built-in price table. */
  prices?: Readonly<Record<string, ModelPrice>>;
}

/** One call, recorded with its cost. */
export async function complete(
  model: ChatModel,
  request: ChatRequest,
  options: CallOptions = {},
): Promise<ChatResponse> {
  const started = performance.now();
  const response = await model.generate(request);
  await options.onCall?.({
    model: response.model,
    usage: response.usage,
    usd: costOf(response.model, response.usage, options.prices),
    latencyMs: Math.round(performance.now() - started),
    stopReason: response.stopReason,
  });
  return response;
}

export interface ObjectRequest<T> extends Omit<ChatRequest, 'output' | 'tools'> {
  schema: z.ZodType<T>;
  /** `snake_case` name of the answer. */
  name: string;
  description: string;
}

export interface ObjectOptions extends CallOptions {
  /** Corrections asked for after an invalid answer, before giving up (default 2). */
  maxCorrections?: number;
}

/**
 * A structured answer, validated with zod. An invalid one (malformed JSON, wrong shape, cut off at the token limit)
 * is never returned: the model is told what was wrong and asked again, a bounded number of times.
 */
export async function generateObject<T>(
  model: ChatModel,
  request: ObjectRequest<T>,
  options: ObjectOptions = {},
): Promise<{ value: T; response: ChatResponse }> {
  const { schema, name, description, ...rest } = request;
  const output = outputFormat(name, description, schema);
  const messages: ChatMessage[] = [...rest.messages];
  const attempts = 1 + (options.maxCorrections ?? 2);
  let problem = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const response = await complete(model, { ...rest, messages, output }, options);
    const read = readOutput(schema, response.outputText);
    if (read.ok) return { value: read.value, response };
    problem =
      response.stopReason === 'max_tokens'
        ? `the answer was cut off at the ${rest.maxTokens}-token limit: answer more briefly`
        : read.problem;
    messages.push(
      { role: 'assistant', content: response.outputText ?? response.text },
      {
        role: 'user',
        content: `Your answer was rejected: ${problem}. Answer again with only a JSON object that matches the ${name} schema.`,
      },
    );
  }
  throw new InvalidModelOutput(model.spec, attempts, problem);
}
