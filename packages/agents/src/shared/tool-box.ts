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

/** An agent-side tool's outcome, with what the event log keeps of the call: never file or object contents. */
export interface RecordedOutcome {
  outcome: ToolOutcome;
  /** The call's input as recorded: names and sizes, no text the model wrote. */
  input: Record<string, unknown>;
  /** One line: what happened. */
  summary: string;
}

/**
 * The Lead's tools, as a port: JSON-schema definitions the model sees, and an executor. The draft tool box runs the
 * tool layer's repo tools and adds what only the agent side can do (cluster reads, finishing the draft).
 */
export interface ToolBox {
  readonly definitions: ToolDefinition[];
  execute(call: ToolCall): Promise<ToolOutcome>;
  /** Told of a call the loop refused without running it (a repeat, one over the limit), so it is recorded too. */
  notRun?(call: ToolCall, reason: string): Promise<void>;
}
