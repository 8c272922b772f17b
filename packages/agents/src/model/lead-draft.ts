import type { CallOptions } from '@triad/llm';
import type { AgentContext, DraftInput, DraftResult } from '../types';
import type { ClusterReader } from './cluster-reader';
import { DraftToolBox } from './draft-tool-box';
import { findingLines } from './finding-lines';
import { type ModelAgentOptions, redactorFor } from './model-agent-options';
import { DEFAULT_TOOL_LOOP_LIMITS, runToolLoop, type ToolLoopLimits } from './tool-loop';
import { usageReporter } from './usage-report';

export interface LeadDraftOptions extends ModelAgentOptions {
  limits?: Partial<ToolLoopLimits>;
  cluster?: ClusterReader;
}

/** The Lead drafts one task in a bounded tool loop over a working copy at the draft's base revision. */
export async function draftWithModel(
  options: LeadDraftOptions,
  input: DraftInput,
  context: AgentContext,
): Promise<DraftResult> {
  const redactor = redactorFor(options, context, input.files);
  const tools = new DraftToolBox(input.files, redactor, options.cluster);
  const task = input.task;
  const brief = [
    `Task ${task.id}: ${task.title} (${task.category}), draft ${input.revision}.`,
    'Findings it addresses:',
    findingLines(input.findings),
    ...(input.feedback.length
      ? [
          'The Co-Lead asked for these changes to your previous draft; answer each:',
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
