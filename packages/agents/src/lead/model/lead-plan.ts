import { worthATask } from '@triad/analyzers';
import { TaskCategory } from '@triad/core';
import { generateObject } from '@triad/llm';
import { z } from 'zod';
import { type ModelAgentOptions, redactorFor } from '../../shared/model-agent-options';
import { usageReporter } from '../../shared/usage-report';
import type { AgentContext, PlanInput, PlannedTask } from '../../types';
import { findingLines } from './finding-lines';

const Plan = z.object({
  tasks: z.array(
    z.object({
      title: z.string().min(1).describe('Imperative, under 80 characters.'),
      category: TaskCategory,
      priority: z.number().int().min(0).max(100).describe('Higher runs first.'),
      findingIds: z.array(z.string()).min(1).describe('Ids of the findings this task fixes.'),
    }),
  ),
});

/**
 * The Lead's plan: tasks over the open findings, each naming the findings it fixes (no finding twice). Findings on
 * objects nothing deploys are not shown to the model, apart from committed credentials.
 */
export async function planWithModel(
  options: ModelAgentOptions,
  input: PlanInput,
  context: AgentContext,
): Promise<PlannedTask[]> {
  const open = input.observation.findings.filter(
    (finding) => worthATask(finding) && !input.coveredFindingIds.has(finding.id),
  );
  if (open.length === 0) return [];
  const redactor = redactorFor(options, context, input.observation.files);
  const repository = [...input.observation.files.keys()].sort().join('\n');
  const { value } = await generateObject(
    options.model,
    {
      system: options.prompt.text,
      context: redactor.redact(`Repository at ${input.observation.revision}, its files:\n${repository}`),
      messages: [
        {
          role: 'user',
          content: redactor.redact(
            [
              `Session goals: ${input.goals.length ? input.goals.join('; ') : '(none given: fix what is safe)'}`,
              'Open findings (from the analyzers):',
              findingLines(open),
              'Plan the tasks.',
            ].join('\n\n'),
          ),
        },
      ],
      maxTokens: options.maxTokens ?? 4000,
      signal: context.signal,
      schema: Plan,
      name: 'plan',
      description: 'The tasks of this cycle.',
    },
    {
      onCall: usageReporter(context, 'lead', options.prompt.version),
      ...(options.prices ? { prices: options.prices } : {}),
    },
  );
  // A model may cite findings that do not exist or that another task took: those ids are dropped, never trusted.
  const known = new Set(open.map((finding) => finding.id));
  const taken = new Set<string>();
  const tasks: PlannedTask[] = [];
  for (const task of value.tasks) {
    const ids = task.findingIds.filter((id) => known.has(id) && !taken.has(id));
    if (ids.length === 0) continue;
    for (const id of ids) taken.add(id);
    tasks.push({
      title: redactor.restore(task.title),
      category: task.category,
      priority: task.priority,
      findingIds: ids,
    });
  }
  return tasks;
}
