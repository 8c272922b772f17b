import type { Agents } from '@triad/agents';

/**
 * Agents that answer at once: the Lead plans, in the first cycle of the n-th session it serves, `sizes[n]` tasks (none
 * after), and drafts each as one new small file; the Co-Lead approves; the CIO assesses every change low. What is left
 * to time is Triad's own work.
 */
export function instantAgents(...sizes: number[]): () => Agents {
  const planned = new Set<string>();
  const agents: Agents = {
    lead: {
      name: 'bench:instant',
      async plan(_input, context) {
        if (planned.has(context.session.id)) return [];
        const tasks = sizes[planned.size] ?? 0;
        planned.add(context.session.id);
        return Array.from({ length: tasks }, (_, i) => ({
          title: `bench task ${i + 1}`,
          category: 'docs' as const,
          priority: 1,
          findingIds: [],
        }));
      },
      async draft({ task }) {
        const name = task.id.toLowerCase();
        return {
          kind: 'proposal',
          edits: [
            {
              path: `bench/${name}.yaml`,
              after: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: bench\ndata:\n  task: "${task.id}"\n`,
            },
          ],
          commitMessage: `bench: ${task.title}`,
          addresses: [],
        };
      },
    },
    coLead: {
      name: 'bench:instant',
      async review() {
        return { verdict: 'approve', comments: [], adrRequired: false };
      },
    },
    cio: {
      name: 'bench:instant',
      async assess() {
        return { level: 'low', score: 1, factors: ['bench'], blastRadius: 'one ConfigMap', reversibility: 'revert' };
      },
    },
  };
  return () => agents;
}
