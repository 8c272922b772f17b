import { RiskLevel } from '@triad/core';
import { generateObject } from '@triad/llm';
import { z } from 'zod';
import { changeBrief } from '../../lead/model/change-brief';
import { type ModelAgentOptions, redactorFor } from '../../shared/model-agent-options';
import { usageReporter } from '../../shared/usage-report';
import type { CioAgent } from '../../types';

const RiskAnswer = z.object({
  level: RiskLevel,
  score: z.number().int().min(0).max(100),
  factors: z.array(z.string()).min(1),
  blastRadius: z.string().min(1),
  reversibility: z.enum(['revert', 'manual', 'irreversible']),
});

/** The CIO on a (reasoning) model: level, score, factors, blast radius, reversibility; the floor is applied after. */
export function createModelCio(options: ModelAgentOptions): CioAgent {
  return {
    name: options.model.spec,
    promptVersion: options.prompt.version,
    async assess(input, context) {
      const redactor = redactorFor(options, context, input.files);
      const floor = `The tool layer's floor for this change is ${input.floor.level}${
        input.floor.reasons.length ? `: ${input.floor.reasons.join(' ')}` : '.'
      }`;
      const { value } = await generateObject(
        options.model,
        {
          system: options.prompt.text,
          messages: [{ role: 'user', content: `${changeBrief(input, redactor, [floor])}\n\nAssess the risk.` }],
          maxTokens: options.maxTokens ?? 8000,
          reasoningEffort: 'medium',
          signal: context.signal,
          schema: RiskAnswer,
          name: 'risk_assessment',
          description: 'The risk of one proposed change.',
        },
        {
          onCall: usageReporter(context, 'cio', options.prompt.version, input.task.id),
          ...(options.prices ? { prices: options.prices } : {}),
        },
      );
      return {
        level: value.level,
        score: value.score,
        factors: value.factors.map((factor) => redactor.restore(factor)),
        blastRadius: redactor.restore(value.blastRadius),
        reversibility: value.reversibility,
      };
    },
  };
}
