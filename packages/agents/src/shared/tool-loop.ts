import {
  type CallOptions,
  type ChatMessage,
  type ChatModel,
  type ChatRequest,
  complete,
  type ToolResult,
} from '@triad/llm';
import type { DraftResult } from '../types';
import type { ToolBox } from './tool-box';

/** Bounds of one draft's conversation. */
export interface ToolLoopLimits {
  /** Model calls. */
  maxTurns: number;
  /** Tool calls in all. */
  maxToolCalls: number;
  /** Identical calls (same tool, same input, nothing changed since) refused before the draft is stopped. */
  maxRepeats: number;
}

export const DEFAULT_TOOL_LOOP_LIMITS: ToolLoopLimits = { maxTurns: 16, maxToolCalls: 40, maxRepeats: 2 };

export type ToolLoopEnd = { final: DraftResult } | { stopped: string };

/**
 * The model works with the tools until a tool ends the draft or a bound is reached. A call identical to an earlier
 * one with nothing changed since is not run again: the model is told so, and repeating it further stops the draft.
 */
export async function runToolLoop(
  model: ChatModel,
  request: Omit<ChatRequest, 'tools' | 'output'>,
  tools: ToolBox,
  limits: ToolLoopLimits,
  options: CallOptions,
): Promise<ToolLoopEnd> {
  const messages: ChatMessage[] = [...request.messages];
  const seen = new Set<string>();
  let calls = 0;
  let repeats = 0;
  let nudged = false;
  for (let turn = 1; turn <= limits.maxTurns; turn++) {
    const response = await complete(model, { ...request, messages, tools: tools.definitions }, options);
    messages.push({ role: 'assistant', content: response.text, toolCalls: response.toolCalls });
    if (response.toolCalls.length === 0) {
      if (nudged) return { stopped: 'the model stopped without submitting a proposal or giving up' };
      nudged = true;
      messages.push({
        role: 'user',
        content: 'Finish with submit_proposal, or with give_up if no safe change exists.',
      });
      continue;
    }
    const results: ToolResult[] = [];
    for (const call of response.toolCalls) {
      if (++calls > limits.maxToolCalls) {
        const stopped = `the draft reached its limit of ${limits.maxToolCalls} tool calls`;
        await tools.notRun?.(call, `not run: ${stopped}`);
        return { stopped };
      }
      const key = `${call.name}\0${stableJson(call.input)}`;
      if (seen.has(key)) {
        if (++repeats > limits.maxRepeats) {
          const stopped = `the model repeated an identical ${call.name} call`;
          await tools.notRun?.(call, `not run: ${stopped}`);
          return { stopped };
        }
        await tools.notRun?.(call, 'not run: identical to an earlier call, and nothing changed since');
        results.push({
          callId: call.id,
          name: call.name,
          isError: true,
          content: 'Not run: identical to an earlier call, and nothing changed since. Use its result, or finish.',
        });
        continue;
      }
      seen.add(key);
      const outcome = await tools.execute(call);
      if (outcome.final) return { final: outcome.final };
      if (outcome.changed) seen.clear();
      results.push({
        callId: call.id,
        name: call.name,
        content: outcome.content,
        ...(outcome.isError ? { isError: true } : {}),
      });
    }
    messages.push({ role: 'tool', results });
  }
  return { stopped: `the draft reached its limit of ${limits.maxTurns} model turns` };
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
