import type { Agents, LeadAgent } from '@triad/agents';
import { afterEach, describe, expect, it } from 'vitest';
import { startSession, waitForSessionEnd } from '../src';
import { remoteCommits, run, startRig, type TestRig } from './harness';

const PATH = 'apps/home/home-assistant/notes.md';

/** Drafts a one-file change; writes an ADR only when feedback asks for one. */
function leadThatForgetsTheAdr(feedbacks: string[][]): LeadAgent {
  return {
    name: 'stub:lead',
    async plan(input) {
      const finding = input.observation.findings[0];
      return finding ? [{ title: 'record a decision', category: 'docs', priority: 1, findingIds: [finding.id] }] : [];
    },
    async draft(input) {
      feedbacks.push(input.feedback);
      const asked = input.feedback.some((line) => line.includes('write an ADR'));
      return {
        kind: 'proposal',
        edits: [{ path: PATH, after: `# Notes\n\nrevision ${input.revision}\n` }],
        commitMessage: 'docs: note the decision',
        addresses: input.task.findingIds,
        ...(asked
          ? {
              adr: {
                title: 'Keep home-assistant notes in the repo',
                context: 'Notes were kept on a laptop.',
                decision: 'Keep them next to the manifests.',
                consequences: 'Reviewed like code.',
                alternatives: ['A wiki'],
              },
            }
          : {}),
      };
    },
  };
}

describe('ADRs', () => {
  let current: TestRig | undefined;
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });

  it('a change the Co-Lead calls a decision lands only with its ADR, in the same commit, listed in the report', async () => {
    const feedbacks: string[][] = [];
    const agents = (): Agents => ({
      lead: leadThatForgetsTheAdr(feedbacks),
      coLead: {
        name: 'stub:co-lead',
        review: async () => ({
          verdict: 'approve',
          comments: [],
          adrRequired: true,
          adrReason: 'it changes where notes live',
        }),
      },
      cio: {
        name: 'stub:cio',
        assess: async () => ({
          level: 'low',
          score: 5,
          factors: ['docs only'],
          blastRadius: 'none',
          reversibility: 'revert',
        }),
      },
    });
    current = await startRig({ agents });
    const { rt, remote } = current;
    const session = await startSession(rt, { repo: remote, durationMs: 60_000, maxCycles: 1 });
    const ended = await waitForSessionEnd(rt, session.id, { timeoutMs: 30_000 });

    const [task] = await rt.tasks.list(session.id);
    expect(task).toMatchObject({ state: 'applied', revision: 2 });
    expect(feedbacks[1]).toEqual(['write an ADR for this decision: it changes where notes live']);
    const { stdout } = await run('git', ['-C', remote, 'show', '--name-only', '--format=', task!.commit!]);
    expect(stdout.trim().split('\n').sort()).toEqual([PATH, 'docs/adr/0001-keep-home-assistant-notes-in-the-repo.md']);
    const adr = (
      await run('git', ['-C', remote, 'show', `main:docs/adr/0001-keep-home-assistant-notes-in-the-repo.md`])
    ).stdout;
    expect(adr).toMatch(/^# 0001\. Keep home-assistant notes in the repo/);
    expect(adr).toContain(task!.id);
    const report = await rt.records.report(session.id);
    const decisions = report?.markdown.split(/^## /m).find((section) => section.startsWith('Decisions')) ?? '';
    expect(decisions).toContain('docs/adr/0001-keep-home-assistant-notes-in-the-repo.md');
    expect(ended.endReason).toBe('completed');
    expect((await remoteCommits(remote)).filter((c) => c.trailers['Triad-Task'] === task!.id)).toHaveLength(1);
  });
});
