import { generateObject } from '@triad/llm';
import { z } from 'zod';
import { changeBrief } from '../../lead/model/change-brief';
import { type ModelAgentOptions, redactorFor } from '../../shared/model-agent-options';
import { usageReporter } from '../../shared/usage-report';
import type { CoLeadAgent } from '../../types';

const ReviewAnswer = z.object({
  verdict: z.enum(['approve', 'request_changes', 'reject']),
  comments: z.array(z.string()).describe('Instructions for the Lead (request_changes) or the reasons (reject).'),
  adrRequired: z.boolean(),
  adrReason: z.string().nullable(),
});

/** The Co-Lead on a model: one structured verdict per proposal, from the diff, the task and its findings. */
export function createModelCoLead(options: ModelAgentOptions): CoLeadAgent {
  return {
    name: options.model.spec,
    promptVersion: options.prompt.version,
    async review(input, context) {
      const redactor = redactorFor(options, context, input.files);
      const { value } = await generateObject(
        options.model,
        {
          system: options.prompt.text,
          messages: [{ role: 'user', content: `${changeBrief(input, redactor)}\n\nReview the change.` }],
          maxTokens: options.maxTokens ?? 4000,
          signal: context.signal,
          schema: ReviewAnswer,
          name: 'review',
          description: 'The review verdict of one proposed change.',
        },
        {
          onCall: usageReporter(context, 'co-lead', options.prompt.version, input.task.id),
          ...(options.prices ? { prices: options.prices } : {}),
        },
      );
      // A request for changes with nothing to change cannot be answered by the Lead: it is a rejection.
      const verdict = value.verdict === 'request_changes' && value.comments.length === 0 ? 'reject' : value.verdict;
      return {
        verdict,
        comments: value.comments.map((comment) => redactor.restore(comment)),
        adrRequired: value.adrRequired,
        ...(value.adrRequired && value.adrReason ? { adrReason: redactor.restore(value.adrReason) } : {}),
      };
    },
  };
}
