import type { CallRecord } from '@triad/llm';
import type { AgentContext, ModelCallUsage } from '../types';

/** Turns each billed model call into the session's usage record (budget, event log), tagged with role and task. */
export function usageReporter(
  context: AgentContext,
  role: ModelCallUsage['role'],
  promptVersion: string,
  taskId?: string,
): (record: CallRecord) => Promise<void> {
  return async (record) => {
    await context.onUsage?.({
      role,
      model: record.model,
      inputTokens: record.usage.input,
      outputTokens: record.usage.output,
      cachedTokens: record.usage.cached,
      usd: record.usd,
      latencyMs: record.latencyMs,
      promptVersion,
      ...(taskId ? { taskId } : {}),
    });
  };
}
