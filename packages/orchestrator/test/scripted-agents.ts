import type { Agents, LeadAgent } from '@triad/agents';

/** A Lead that plans one task per finding and then drafts until its session's signal aborts it. */
export function blockingLead(
  onAbort: (reason: unknown) => void,
  usage?: { inputTokens: number; outputTokens: number },
) {
  const lead: LeadAgent = {
    name: 'stub:blocking',
    async plan(input, context) {
      if (usage) {
        await context.onUsage?.({
          role: 'lead',
          model: 'stub:blocking',
          cachedTokens: 0,
          usd: 0.01,
          latencyMs: 5,
          ...usage,
        });
      }
      return input.observation.findings.map((finding) => ({
        title: `handle ${finding.id}`,
        category: finding.category,
        priority: 1,
        findingIds: [finding.id],
      }));
    },
    draft(_input, context) {
      return new Promise((_resolve, reject) => {
        const abort = () => {
          onAbort(context.signal.reason);
          reject(context.signal.reason);
        };
        if (context.signal.aborted) abort();
        else context.signal.addEventListener('abort', abort, { once: true });
      });
    },
  };
  return lead;
}

export function agentsWith(lead: LeadAgent): () => Agents {
  const unreachable = () => {
    throw new Error('not reached in this test');
  };
  return () => ({ lead, coLead: { name: 'stub', review: unreachable }, cio: { name: 'stub', assess: unreachable } });
}
