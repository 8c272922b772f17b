import { GuardrailConfig } from '@triad/core';
import type { CallOptions } from '@triad/llm';
import { type ModelAgentOptions, redactorFor } from '../../shared/model-agent-options';
import { DEFAULT_TOOL_LOOP_LIMITS, runToolLoop, type ToolLoopLimits } from '../../shared/tool-loop';
import { usageReporter } from '../../shared/usage-report';
import type { AgentContext, DraftInput, DraftResult } from '../../types';
import { DraftToolBox } from './draft-tool-box';
import { findingLines } from './finding-lines';

export interface LeadDraftOptions extends ModelAgentOptions {
  limits?: Partial<ToolLoopLimits>;
  /** Path policy and limits the Lead's working copy is checked against; the core defaults when absent. */
  guardrails?: GuardrailConfig;
}

const DEFAULT_GUARDRAILS = GuardrailConfig.parse({});

/**
 * The Lead drafts one task in a bounded tool loop over the tool layer's working copy at the draft's base revision;
 * every tool call goes to the context's `onToolCall`.
 */
export async function draftWithModel(
  options: LeadDraftOptions,
  input: DraftInput,
  context: AgentContext,
): Promise<DraftResult> {
  const redactor = redactorFor(options, context, input.files);
  const task = input.task;
  const tools = new DraftToolBox({
    files: input.files,
    redactor,
    guardrails: options.guardrails ?? DEFAULT_GUARDRAILS,
    ...(context.cluster ? { cluster: context.cluster } : {}),
    onCall: async (record) => context.onToolCall?.({ ...record, taskId: task.id }),
  });
  const brief = [
    `Task ${task.id}: ${task.title} (${task.category}), draft ${input.revision}.`,
    'Findings it addresses:',
    findingLines(input.findings),
    ...(input.feedback.length
      ? [
          'The review (the Co-Lead, or a person deciding the approval) asked for these changes to your previous draft; answer each:',
          ...input.feedback.map((c) => `- ${c}`),
        ]
      : []),
    'Read what you need, make the change, then call submit_proposal (or give_up).',
  ].join('\n\n');
  const callOptions: CallOptions = {
    onCall: usageReporter(context, 'lead', options.prompt.version, task.id),
    ...(options.prices ? { prices: options.prices } : {}),
  };
  const end = await runToolLoop(
    options.model,
    {
      system: options.prompt.text,
      context: redactor.redact(
        `Repository at ${input.baseRevision}, its files:\n${[...input.files.keys()].sort().join('\n')}`,
      ),
      messages: [{ role: 'user', content: redactor.redact(brief) }],
      maxTokens: options.maxTokens ?? 8000,
      signal: context.signal,
    },
    tools,
    { ...DEFAULT_TOOL_LOOP_LIMITS, ...options.limits },
    callOptions,
  );
  if ('final' in end) return end.final;
  return { kind: 'cannot', reason: `${options.model.spec}: ${end.stopped}` };
}
