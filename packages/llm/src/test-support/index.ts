export { anthropicWire } from './anthropic-wire';
export { googleWire } from './google-wire';
export { type LoopbackServer, type RecordedRequest, type StubReply, startLoopback } from './loopback-server';
export { openaiWire } from './openai-wire';
export type { DecodedRequest, StubAnswer, WireCodec } from './stub-answer';
export { type StubModel, type StubProvider, startStubProvider, WIRES } from './stub-provider';
