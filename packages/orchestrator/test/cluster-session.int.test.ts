import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Agents, LeadAgent } from '@triad/agents';
import { jobIds, type Task } from '@triad/core';
import { buildReportData } from '@triad/reports';
import { type SimCluster, startSimCluster } from '@triad/sim';
import { createKubeCluster, readCluster } from '@triad/tools';
import type { Job } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { startSession, waitForSessionEnd } from '../src';
import { verify } from '../src/handlers/verify';
import type { StageJobData } from '../src/queues';
import { remoteCommits, run, startRig, type TestRig } from './harness';
import { APPS, DECRYPT } from './pr-agents';

/**
 * A Lead with a script: cycle 1 fixes the apps Kustomization (decryption + substitution), cycle 2 drops its
 * decryption again — a change the guardrails and the review pass, and Flux fails on — then there is nothing left.
 */
function scriptedLead(): LeadAgent {
  let broke = false;
  return {
    name: 'stub:cluster',
    async plan({ observation }) {
      const apps = observation.files.get(APPS) ?? '';
      if (!apps.includes('decryption:'))
        return [{ title: 'decrypt and substitute apps', category: 'stability', priority: 9, findingIds: [] }];
      if (!broke) return [{ title: 'drop the decryption of apps', category: 'stability', priority: 1, findingIds: [] }];
      return [];
    },
    async draft({ task, files }) {
      const apps = files.get(APPS) ?? '';
      if (task.title.startsWith('decrypt')) {
        return {
          kind: 'proposal',
          edits: [{ path: APPS, after: `${apps.trimEnd()}\n${DECRYPT}` }],
          commitMessage: 'fix(flux): decrypt and substitute apps',
          addresses: [],
        };
      }
      broke = true;
      return {
        kind: 'proposal',
        edits: [{ path: APPS, after: apps.replace(/ {2}decryption:\n(?: {4}.*\n)+/, '') }],
        commitMessage: 'refactor(flux): apps without decryption',
        addresses: [],
      };
    },
  };
}

const approving = (lead: LeadAgent) => (): Agents => ({
  lead,
  coLead: { name: 'stub:approve', review: async () => ({ verdict: 'approve', comments: [], adrRequired: false }) },
  cio: {
    name: 'stub:low',
    assess: async () => ({
      level: 'low',
      score: 5,
      factors: ['scripted'],
      blastRadius: 'apps',
      reversibility: 'revert',
    }),
  },
});

describe('a session against the simulated k3s + Flux cluster (real Redis, real git, real client)', () => {
  let current: TestRig | undefined;
  let sim: SimCluster | undefined;
  afterEach(async () => {
    await sim?.stop();
    await current?.close();
    current = undefined;
    sim = undefined;
  });

  it('verifies a fix at its revision, rolls a breaking change back, and Flux is Ready again at the revert', async () => {
    current = await startRig({ agents: approving(scriptedLead()), runtime: { verifyWindowMs: 30_000 } });
    const { rt, remote } = current;
    sim = await startSimCluster({ remote, dir: current.dir });
    const port = createKubeCluster({ kubeconfig: sim.kubeconfig, context: sim.context });
    const appsReady: string[] = [];
    sim.store.subscribe('Kustomization', ({ object }) => {
      const status = object.status as {
        conditions?: Array<{ type: string; status: string }>;
        lastAppliedRevision?: string;
      };
      const ready = status.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
      if (object.metadata.name === 'apps' && ready && status.lastAppliedRevision)
        appsReady.push(status.lastAppliedRevision);
    });

    const before = await port.get('Kustomization', { namespace: 'flux-system', name: 'apps' });
    expect(JSON.stringify(before?.status)).toMatch(/"status":"False".*decrypt/);

    const session = await startSession(rt, {
      repo: remote,
      durationMs: 120_000,
      autoApprove: 'critical',
      cluster: { kubeconfig: sim.kubeconfig, context: sim.context },
    });
    const ended = await waitForSessionEnd(rt, session.id, { timeoutMs: 90_000 });
    expect(ended.endReason).toBe('completed');

    const tasks = await rt.tasks.list(session.id);
    const [fix, broken] = tasks;
    expect(tasks.map((t) => t.state)).toEqual(['verified', 'rolled_back']);
    expect(fix?.reason).toMatch(/Flux reports Kustomization flux-system\/(apps|flux-system).*Ready at/);
    expect(broken?.reason).toMatch(
      /Kustomization flux-system\/apps reported Ready=False \(ReconciliationFailed\): .*decryption/,
    );
    expect(broken?.reason).toContain(`Flux reports the revert ${broken?.revertCommit?.slice(0, 8)} Ready`);

    // Flux applied the fix and the revert, never the broken commit.
    expect(appsReady).toContain(`main@sha1:${fix?.commit}`);
    expect(appsReady).toContain(`main@sha1:${broken?.revertCommit}`);
    expect(appsReady).not.toContain(`main@sha1:${broken?.commit}`);

    const commits = await remoteCommits(remote);
    const reverts = commits.filter((c) => c.trailers['Triad-Reverts'] === broken?.commit);
    expect(reverts).toHaveLength(1);
    expect(reverts[0]).toMatchObject({
      sha: broken?.revertCommit,
      trailers: { 'Triad-Task': broken?.id, 'Triad-Session': session.id },
    });
    const latest = await rt.repos.latest({ url: remote, branch: 'main' });
    expect(latest.files.get(APPS)).toContain('decryption:');

    const events = await rt.events.read(session.id);
    const failed = events.find((e) => e.type === 'verify.failed' && e.taskId === broken?.id);
    expect(failed?.data).toMatchObject({ reason: 'ReconciliationFailed', object: { name: 'apps' } });
    expect(events.some((e) => e.type === 'commit.reverted' && e.taskId === broken?.id)).toBe(true);
    const report = await rt.records.report(session.id);
    expect(report?.markdown).toContain(broken?.revertCommit?.slice(0, 7) ?? 'missing');
    // The final state is measured on the cluster too: the apps Kustomization that Flux could not apply is Ready now.
    const notReady = 'flux-kustomization-not-ready';
    const failing = (await rt.records.observation(session.id, 1))?.findings.filter((f) => f.check === notReady) ?? [];
    expect(failing.map((f) => f.resource.name)).toContain('apps');
    const { finalState } = report!.data as {
      finalState: { fixed: Array<{ id: string }>; remaining: Array<{ id: string }> };
    };
    expect(finalState.fixed.map((f) => f.id)).toEqual(expect.arrayContaining(failing.map((f) => f.id)));
    // …and what remains is what the analyzers find in the repository and the cluster as they are at the end.
    const { objects } = await readCluster(port);
    const remaining = rt.analyze(latest.files, objects).map((f) => f.id);
    expect(finalState.remaining.map((f) => f.id).sort()).toEqual(remaining.sort());

    // A verify retried after its revert was pushed (a crash before the task moved) finds the revert: never twice.
    // Flux has moved on to the report's commit by now: a short window keeps the replay from waiting for old revisions.
    rt.verifyWindowMs = 500;
    const replay: Task = { ...broken!, id: `${broken!.id}x`, state: 'verifying', updatedAt: new Date().toISOString() };
    delete replay.revertCommit;
    await rt.tasks.create(replay);
    await rt.records.saveProposal(session.id, {
      ...(await rt.records.proposal(session.id, broken!.id, broken!.revision))!,
      taskId: replay.id,
    });
    const job = {
      id: jobIds.verify(replay.id, replay.revision),
      data: { sessionId: session.id, taskId: replay.id, revision: replay.revision },
    };
    expect(await verify.run(rt, job as unknown as Job<StageJobData>)).toBe('rolled_back');
    expect(await rt.tasks.get(replay.id)).toMatchObject({ state: 'rolled_back', revertCommit: broken?.revertCommit });
    expect((await remoteCommits(remote)).filter((c) => c.trailers['Triad-Reverts'] === broken?.commit)).toHaveLength(1);
  });

  it('verifies a change that Flux applied inside a later push by someone else, and reverts nothing', async () => {
    current = await startRig({ workers: false, runtime: { verifyWindowMs: 20_000 } });
    const { rt, remote, dir } = current;
    sim = await startSimCluster({ remote, dir });
    const repo = { url: remote, branch: 'main' };
    const session = await startSession(rt, {
      repo: remote,
      durationMs: 120_000,
      cluster: { kubeconfig: sim.kubeconfig, context: sim.context },
    });

    // Triad's fix lands…
    const base = await rt.repos.latest(repo);
    const apps = base.files.get(APPS) ?? '';
    const edits = [{ path: APPS, before: apps, after: `${apps.trimEnd()}\n${DECRYPT}` }];
    const ours = await rt.repos.run(repo, (workspace) =>
      workspace.commitAndPush({ edits, message: 'fix(flux): decrypt and substitute apps', trailers: [] }),
    );
    // …and someone else pushes on top of it before verify looks: Flux builds their commit, which holds ours.
    const other = join(dir, 'other');
    await run('git', ['clone', '-q', remote, other]);
    await writeFile(join(other, 'NOTES.md'), 'written by a person\n');
    const who = ['-c', 'user.name=Someone Else', '-c', 'user.email=else@example.org', '-c', 'commit.gpgsign=false'];
    await run('git', ['-C', other, 'add', '-A']);
    await run('git', ['-C', other, ...who, 'commit', '-qm', 'notes']);
    await run('git', ['-C', other, 'push', '-q', 'origin', 'HEAD:main']);
    const theirs = (await run('git', ['-C', other, 'rev-parse', 'HEAD'])).stdout.trim();
    await sim.settled();

    const now = new Date().toISOString();
    const task: Task = {
      id: `${session.id}-c1t1`,
      sessionId: session.id,
      cycle: 1,
      title: 'decrypt and substitute apps',
      category: 'stability',
      priority: 9,
      findingIds: [],
      state: 'verifying',
      revision: 1,
      commit: ours.sha,
      createdAt: now,
      updatedAt: now,
    };
    await rt.tasks.create(task);
    await rt.records.saveProposal(session.id, {
      taskId: task.id,
      revision: 1,
      baseRevision: base.revision,
      edits,
      commitMessage: 'fix(flux): decrypt and substitute apps',
      diff: '',
      addresses: [],
      draftedBy: 'test',
      createdAt: now,
    });
    const job = { id: jobIds.verify(task.id, 1), data: { sessionId: session.id, taskId: task.id, revision: 1 } };

    expect(await verify.run(rt, job as unknown as Job<StageJobData>)).toBe('verified');
    const verified = await rt.tasks.get(task.id);
    expect(verified.reason).toContain(`Ready at ${theirs.slice(0, 8)} (which holds ${ours.sha.slice(0, 8)})`);
    expect((await remoteCommits(remote)).map((c) => c.sha)).toEqual(expect.arrayContaining([theirs, ours.sha]));
    expect((await remoteCommits(remote)).some((c) => c.trailers['Triad-Reverts'])).toBe(false);

    // The report says what Flux reported, not that it reported our sha.
    const events = await rt.events.read(session.id);
    const tasks = await rt.tasks.list(session.id);
    const data = buildReportData({
      session: await rt.sessions.get(session.id),
      tasks,
      events,
      proposals: [],
      reviews: [],
      assessments: [],
      approvals: [],
      findingsBefore: [],
      findingsAfter: [],
      generatedAt: new Date().toISOString(),
      adrs: [],
    });
    const achieved = data.achievements.flatMap((group) => group.tasks).find((t) => t.taskId === task.id);
    expect(achieved?.verification).toBe(verified.reason);
  });
});
