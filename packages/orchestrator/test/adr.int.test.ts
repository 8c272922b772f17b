import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Agents, LeadAgent } from '@triad/agents';
import { createBareRemote } from '@triad/sim';
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, startSession, startWorkers, waitForSessionEnd } from '../src';
import { deletePrefix, REDIS_URL, remoteCommits, run, startRig, type TestRig } from './harness';

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

  it('one decision applied to many workloads is recorded once, however many of its tasks land', async () => {
    // Three Deployments that each fall short of the Restricted standard in the same way: three built-in tasks that
    // all apply the hardening decision, drafted in parallel on one revision.
    const source = await mkdtemp(join(tmpdir(), 'triad-adr-once-'));
    const write = async (path: string, text: string) => {
      await mkdir(dirname(join(source, path)), { recursive: true });
      await writeFile(join(source, path), text);
    };
    await write(
      'clusters/home/apps.yaml',
      'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: apps, namespace: flux-system}\n' +
        'spec: {interval: 10m, path: ./apps, prune: true, sourceRef: {kind: GitRepository, name: flux-system}}\n',
    );
    for (const name of ['atlas', 'borealis', 'cirrus']) {
      await write(
        `apps/${name}.yaml`,
        `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: tools}\nspec:\n  template:\n    spec:\n` +
          `      securityContext: {runAsUser: 1000, runAsNonRoot: true}\n      containers:\n` +
          `        - name: ${name}\n          image: example.org/${name}:1.0\n          resources: {limits: {memory: 64Mi}}\n`,
      );
    }
    const { dir, remote } = await createBareRemote(source);
    const prefix = `triadtest-${randomBytes(4).toString('hex')}`;
    const rt = createRuntime({ config: { redisUrl: REDIS_URL, prefix, workdir: join(dir, 'work') } });
    const pool = await startWorkers(rt, { lockDurationMs: 5000 });
    try {
      const session = await startSession(rt, {
        repo: remote,
        durationMs: 60_000,
        maxCycles: 1,
        autoApprove: 'critical',
      });
      await waitForSessionEnd(rt, session.id, { timeoutMs: 60_000 });
      const tasks = await rt.tasks.list(session.id);
      expect(tasks.map((task) => task.state)).toEqual(['applied', 'applied', 'applied']);

      const adrs = (await run('git', ['-C', remote, 'ls-tree', '--name-only', 'main', 'docs/adr/'])).stdout.trim();
      expect(adrs).toBe('docs/adr/0001-containers-drop-the-privileges-they-do-not-use.md');
      // Each task that did not write it either cites it (drafted after it landed) or says it was left out (drafted
      // beside it): the task page shows which.
      let writers = 0;
      for (const task of tasks) {
        const show = (format: string) =>
          run('git', ['-C', remote, 'show', '--name-only', `--format=${format}`, task.commit!]);
        if ((await show('')).stdout.includes('docs/adr/')) {
          writers += 1;
          continue;
        }
        const message = (await show('%B')).stdout;
        const cited = message.includes(`The decision is recorded in ${adrs}.`);
        const leftOut = task.committedChange?.changes.some((line) =>
          line.includes('was left out: an earlier change of the session already recorded the same decision'),
        );
        expect(cited || leftOut, `${task.id}: ${message}`).toBe(true);
      }
      expect(writers).toBe(1);
    } finally {
      await pool.close();
      await rt.close();
      await deletePrefix(prefix);
      await rm(dir, { recursive: true, force: true });
      await rm(source, { recursive: true, force: true });
    }
  }, 90_000);
});
