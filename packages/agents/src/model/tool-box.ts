import type { ToolCall, ToolDefinition } from '@triad/llm';
import type { DraftResult } from '../types';

/** What one tool call returned. */
export interface ToolOutcome {
  /** What the model reads (already redacted and marked untrusted where it carries repo or cluster text). */
  content: string;
  isError?: boolean;
  /** The call changed the working state (a write): earlier identical reads may now answer differently. */
  changed?: boolean;
  /** The call ends the draft (a submitted proposal, or giving up). */
  final?: DraftResult;
}

/**
 * The Lead's tools, as a port: JSON-schema definitions the model sees, and an executor. The draft tool box works on
 * an overlay of the repository; the tool layer's own model tools can stand in for it.
 */
export interface ToolBox {
  readonly definitions: ToolDefinition[];
  execute(call: ToolCall): Promise<ToolOutcome>;
}
