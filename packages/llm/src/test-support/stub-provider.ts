import { anthropicWire } from './anthropic-wire';
import { googleWire } from './google-wire';
import { type LoopbackServer, type StubReply, startLoopback } from './loopback-server';
import { openaiWire } from './openai-wire';
import type { DecodedRequest, StubAnswer, WireCodec } from './stub-answer';

export const WIRES = { anthropic: anthropicWire, openai: openaiWire, google: googleWire } as const;

/** A scripted model: sees the request in Triad's terms, answers in Triad's terms (or with a raw HTTP reply). */
export type StubModel = (
  request: DecodedRequest,
  index: number,
) => StubAnswer | StubReply | Promise<StubAnswer | StubReply>;

export interface StubProvider extends LoopbackServer {
  wire: WireCodec;
  /** Every request, decoded, in order. */
  decoded: DecodedRequest[];
}

/**
 * A loopback server that speaks one provider's wire protocol to its real SDK, answering with `model`.
 * Point the provider's base URL at `url` (the Gemini SDK adds `/v1beta`, OpenAI's base URL includes `/v1`).
 */
export async function startStubProvider(provider: keyof typeof WIRES, model: StubModel): Promise<StubProvider> {
  const wire = WIRES[provider];
  const decoded: DecodedRequest[] = [];
  const server = await startLoopback(async (request) => {
    const read = wire.decode(request.body, request.url);
    decoded.push(read);
    const answer = await model(read, decoded.length - 1);
    if (isReply(answer)) return answer;
    return { body: wire.encode(answer, read) };
  });
  return Object.assign(server, { wire, decoded });
}

function isReply(value: StubAnswer | StubReply): value is StubReply {
  return 'status' in value || 'hang' in value || 'body' in value;
}
