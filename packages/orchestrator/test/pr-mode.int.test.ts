import { rm } from 'node:fs/promises';
import type { TriadEvent } from '@triad/core';
import { type SimCluster, startSimCluster } from '@triad/sim';
import { type RunGit, readTrailerLog, runGit } from '@triad/tools';
import {
  type LoopbackForge,
  startGiteaServer,
  startGitHubServer,
  startGitLabServer,
} from '@triad/tools/test-support/forge';
import { afterEach, describe, expect, it } from 'vitest';
import { decideApproval, startSession, stopSession, waitForSessionEnd } from '../src';
import { mergeLikeForge, pushAsPerson } from './forge-git';
import { run, startRig, type TestRig, waitForEvent } from './harness';
import { APPS, breakingLead, decryptAppsLead, prAgents } from './pr-agents';

const GITHUB_TOKEN = 'ghp_prmodeloopback0001';
const GITEA_TOKEN = 'gitea-prmode-loopback-0002';
const GITLAB_TOKEN = 'glpat-prmode-loopback-0003';
const refsOf = async (remote: string) => (await run('git', ['-C', remote, 'for-each-ref'])).stdout;
const headOf = async (remote: string, ref: string) =>
  (await run('git', ['-C', remote, 'rev-parse', ref])).stdout.trim();

const opened = (e: TriadEvent) => e.type === 'pr.opened';
const updatedAt = (base: string) => (e: TriadEvent) =>
  e.type === 'pr.updated' && (e.data as { base?: string } | undefined)?.base === base;

describe('a pr-mode session (real Redis, real git, loopback forges, simulated cluster)', () => {
  let current: TestRig | undefined;
  let sim: SimCluster | undefined;
  let forge: LoopbackForge | undefined;
  const dirs: string[] = [];
  afterEach(async () => {
    await sim?.stop();
    await forge?.stop();
    await current?.close();
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
    [current, sim, forge] = [undefined, undefined, undefined];
  });

  it('opens a pull request from its own branch, leaves main alone, and verifies the merge through Flux', async () => {
    forge = await startGitHubServer(GITHUB_TOKEN, 'homelab', 'gitops');
    current = await startRig({
      agents: prAgents(decryptAppsLead()),
      runtime: { forgeTokens: { github: GITHUB_TOKEN }, pullRequestPollMs: 100, verifyWindowMs: 30_000 },
    });
    const { rt, remote } = current;
    sim = await startSimCluster({ remote, dir: current.dir });
    const before = await refsOf(remote);
    const main = await headOf(remote, 'main');
    const session = await startSession(rt, {
      repo: remote,
      durationMs: 120_000,
      mode: 'pr',
      maxCycles: 1,
      forge: { kind: 'github', apiUrl: forge.origin, repo: 'homelab/gitops' },
      cluster: { kubeconfig: sim.kubeconfig, context: sim.context },
    });
    expect(session).toMatchObject({
      mode: 'pr',
      forge: { kind: 'github', apiUrl: forge.origin, repo: 'homelab/gitops' },
    });
    expect(JSON.stringify(session)).not.toContain(GITHUB_TOKEN);

    await waitForEvent(rt, session.id, opened, 60_000);
    const [task] = await rt.tasks.list(session.id);
    const branch = `triad/${session.id}/${task?.id}`;
    expect(task).toMatchObject({ state: 'pr_open', pullRequest: { number: 1, branch, base: main } });
    expect(task?.findingIds.length).toBeGreaterThan(0);
    expect(task?.pullRequest?.url).toBe(`${forge.origin}/homelab/gitops/pull/1`);

    // The watched branch is where it was; the one new ref is the task's branch, holding one commit with the trailers.
    const after = await refsOf(remote);
    expect(await headOf(remote, 'main')).toBe(main);
    const added = after.split('\n').filter((line) => line && !before.includes(line));
    expect(added).toEqual([`${task?.pullRequest?.head} commit\trefs/heads/${branch}`]);
    const [commit] = await readTrailerLog(remote, branch);
    expect(commit).toMatchObject({
      sha: task?.pullRequest?.head,
      trailers: {
        'Triad-Session': session.id,
        'Triad-Task': task?.id,
        'Triad-Risk': 'low',
        'Reviewed-by': 'Triad Co-Lead (stub:approve)',
      },
    });
    expect(await headOf(remote, `${branch}^`)).toBe(main);

    // The forge got the request as GitHub documents it, with the token on every call, and holds it with its labels.
    const create = forge.requests.find((r) => r.method === 'POST' && r.url === '/repos/homelab/gitops/pulls');
    expect(create?.body).toMatchObject({ head: branch, base: 'main', title: 'fix(flux): decrypt and substitute apps' });
    for (const request of forge.requests) expect(request.credential, request.url).toBe(`token ${GITHUB_TOKEN}`);
    const [pull] = forge.pulls;
    expect(pull).toMatchObject({ head: branch, base: 'main', state: 'open' });
    expect([...(pull?.labels ?? [])].sort()).toEqual(['triad', 'triad:risk-low']);
    expect(pull?.body).toContain('## Findings fixed');
    for (const id of task?.findingIds ?? []) expect(pull?.body).toContain(id);
    expect(pull?.body).toContain('keeps the Kustomization minimal');
    expect(pull?.body).toContain('Blast radius: every app under clusters/homelab/apps');

    // A person merges it on the forge: the session verifies Flux at the merge commit, as commit mode does.
    const merge = await mergeLikeForge(remote, branch, 1, dirs);
    forge.merge(1, merge);
    const ended = await waitForSessionEnd(rt, session.id, { timeoutMs: 90_000 });
    expect(ended.endReason).toBe('completed');
    const [done] = await rt.tasks.list(session.id);
    expect(done).toMatchObject({ state: 'verified', commit: merge });
    expect(done?.reason).toMatch(/Ready at/);
    const events = await rt.events.read(session.id);
    expect(events.find((e) => e.type === 'pr.merged')?.data).toMatchObject({ number: 1, mergeCommit: merge });
    expect(events.some((e) => e.type === 'reconcile.requested' && e.taskId === done?.id)).toBe(true);
    // Not even the report is pushed to main in pr mode.
    expect(await headOf(remote, 'main')).toBe(merge);
    const files = await rt.repos.filesAt({ url: remote, branch: 'main' }, merge);
    expect(files.get(APPS)).toContain('decryption:');
  }, 180_000);

  it('reverts a merged change that Flux fails by a new pull request, never by a push to main', async () => {
    forge = await startGitHubServer(GITHUB_TOKEN, 'homelab', 'gitops');
    current = await startRig({
      agents: prAgents(breakingLead()),
      runtime: { forgeTokens: { github: GITHUB_TOKEN }, pullRequestPollMs: 100, verifyWindowMs: 30_000 },
    });
    const { rt, remote } = current;
    sim = await startSimCluster({ remote, dir: current.dir });
    const session = await startSession(rt, {
      repo: remote,
      durationMs: 120_000,
      mode: 'pr',
      // Cycle 2 finds the fix covered by its open request; cycle 3, after the merge, breaks it.
      maxCycles: 3,
      forge: { kind: 'github', apiUrl: forge.origin, repo: 'homelab/gitops' },
      cluster: { kubeconfig: sim.kubeconfig, context: sim.context },
    });
    const openedNumber = (n: number) => (e: TriadEvent) =>
      e.type === 'pr.opened' && (e.data as { number?: number }).number === n;
    await waitForEvent(rt, session.id, openedNumber(1), 60_000);
    forge.merge(1, await mergeLikeForge(remote, forge.pulls[0]!.head, 1, dirs));
    await waitForEvent(rt, session.id, openedNumber(2), 60_000);
    const broken = await mergeLikeForge(remote, forge.pulls[1]!.head, 2, dirs);
    forge.merge(2, broken);

    const ended = await waitForSessionEnd(rt, session.id, { timeoutMs: 90_000 });
    expect(ended.endReason).toBe('completed');
    const [fix, breaking] = await rt.tasks.list(session.id);
    expect(fix?.state).toBe('verified');
    expect(breaking).toMatchObject({ state: 'failed', commit: broken, revertPullRequest: { number: 3 } });
    expect(breaking?.reason).toMatch(/Ready=False \(ReconciliationFailed\).*revert pull request #3 waits for a person/);
    // main is where the person's merge left it; the revert waits on its own branch, marked as Triad's revert.
    expect(await headOf(remote, 'main')).toBe(broken);
    const revertBranch = `triad/${session.id}/${breaking?.id}-revert`;
    expect(forge.pulls[2]).toMatchObject({ head: revertBranch, base: 'main', state: 'open' });
    expect(forge.pulls[2]?.labels).toContain('triad:revert');
    const [revert] = await readTrailerLog(remote, revertBranch);
    expect(revert?.trailers).toMatchObject({ 'Triad-Reverts': broken, 'Triad-Task': breaking?.id });
    const files = await rt.repos.filesAt({ url: remote, branch: 'main' }, revert!.sha);
    expect(files.get(APPS)).toContain('decryption:');
    const markdown = (await rt.records.report(session.id))?.markdown ?? '';
    expect(markdown).toContain(`Link: <${forge.origin}/homelab/gitops/pull/3>`);
  }, 180_000);

  it('asks for approval before opening a high-risk pull request, and rejects the task when a person closes it', async () => {
    forge = await startGiteaServer(GITEA_TOKEN, 'homelab', 'gitops');
    // A commit message that quotes a credential: the request body must not carry it to the forge.
    const lead = decryptAppsLead();
    const leaky: typeof lead = {
      ...lead,
      draft: async (input, context) => {
        const drafted = await lead.draft(input, context);
        return drafted.kind === 'proposal'
          ? { ...drafted, commitMessage: `${drafted.commitMessage}\n\nSet DB_PASSWORD=s3cr3t-Value-123 later.` }
          : drafted;
      },
    };
    current = await startRig({
      agents: prAgents(leaky, 'high'),
      runtime: { forgeTokens: { gitea: GITEA_TOKEN }, pullRequestPollMs: 100 },
    });
    const { rt, remote } = current;
    const session = await startSession(rt, {
      repo: remote,
      durationMs: 120_000,
      mode: 'pr',
      maxCycles: 1,
      autoApprove: 'medium',
      forge: { kind: 'gitea', apiUrl: `${forge.origin}/api/v1`, repo: 'homelab/gitops' },
    });
    await waitForEvent(rt, session.id, (e) => e.type === 'approval.requested', 60_000);
    const [waiting] = await rt.tasks.list(session.id);
    expect(waiting?.state).toBe('awaiting_approval');
    expect(forge.pulls).toEqual([]);
    expect(await refsOf(remote)).not.toContain('refs/heads/triad/');

    await decideApproval(rt, { taskId: waiting!.id, approve: true, by: 'alice' });
    await waitForEvent(rt, session.id, opened, 60_000);
    const [pull] = forge.pulls;
    expect([...(pull?.labels ?? [])].sort()).toEqual(['triad', 'triad:risk-high']);
    expect(pull?.body).toContain('Set DB_PASSWORD=[redacted] later.');
    expect(JSON.stringify(forge.requests)).not.toContain('s3cr3t-Value-123');
    const [commit] = await readTrailerLog(remote, pull?.head ?? 'missing');
    expect(commit?.trailers['Approved-by']).toBe('alice');
    for (const request of forge.requests) expect(request.credential, request.url).toBe(`token ${GITEA_TOKEN}`);

    forge.close(pull!.number, 'carol', 'not on a Friday: the NAS backup runs tonight');
    const ended = await waitForSessionEnd(rt, session.id, { timeoutMs: 60_000 });
    expect(ended.endReason).toBe('completed');
    const [closed] = await rt.tasks.list(session.id);
    expect(closed).toMatchObject({ state: 'rejected' });
    expect(closed?.reason).toBe(
      'pull request #1 was closed unmerged by carol: not on a Friday: the NAS backup runs tonight',
    );
    const report = await rt.records.report(session.id);
    expect(report?.markdown).toContain('not on a Friday');
  }, 120_000);

  it('rebases its branch when main moves, never over a person’s push, and lists the open request at the end', async () => {
    forge = await startGitHubServer(GITHUB_TOKEN, 'homelab', 'gitops');
    current = await startRig({
      agents: prAgents(decryptAppsLead()),
      runtime: { forgeTokens: { github: GITHUB_TOKEN }, pullRequestPollMs: 100 },
    });
    const { rt, remote } = current;
    const session = await startSession(rt, {
      repo: remote,
      durationMs: 120_000,
      mode: 'pr',
      maxCycles: 1,
      forge: { kind: 'github', apiUrl: forge.origin, repo: 'homelab/gitops' },
    });
    await waitForEvent(rt, session.id, opened, 60_000);
    const [task] = await rt.tasks.list(session.id);
    const branch = task!.pullRequest!.branch;

    // main moves without touching the change: the branch is made again on the new head, trailers and all.
    const moved = await pushAsPerson(remote, 'main', 'NOTES.md', dirs);
    const rebased = await waitForEvent(rt, session.id, updatedAt(moved), 30_000);
    expect(rebased.data).toMatchObject({ outcome: 'rebased', base: moved });
    expect(await headOf(remote, `${branch}^`)).toBe(moved);
    const [commit] = await readTrailerLog(remote, branch);
    expect(commit?.trailers['Triad-Task']).toBe(task?.id);
    expect((await rt.tasks.get(task!.id)).pullRequest).toMatchObject({ base: moved, head: commit?.sha });

    // main changes the file the change edits: the change no longer applies there. Recorded; the branch untouched.
    const triads = commit!.sha;
    const conflicting = await pushAsPerson(remote, 'main', APPS, dirs);
    const conflict = await waitForEvent(rt, session.id, updatedAt(conflicting), 30_000);
    expect(conflict.data).toMatchObject({ outcome: 'conflict' });
    expect(conflict.message).toContain('resolve the conflict on the pull request');
    expect(await headOf(remote, branch)).toBe(triads);

    // A person pushes to the branch, then main moves again: Triad leaves their branch alone and says so.
    const theirs = await pushAsPerson(remote, branch, 'REVIEW.md', dirs);
    const movedAgain = await pushAsPerson(remote, 'main', 'MORE-NOTES.md', dirs);
    const left = await waitForEvent(rt, session.id, updatedAt(movedAgain), 30_000);
    expect(left.data).toMatchObject({ outcome: 'left_to_person' });
    expect(await headOf(remote, branch)).toBe(theirs);

    // The session ends with the request still open: the report lists it for the next human session, with its link.
    await stopSession(rt, session.id, 'alice');
    const ended = await waitForSessionEnd(rt, session.id, { timeoutMs: 60_000 });
    expect(ended.endReason).toBe('stopped');
    expect((await rt.tasks.get(task!.id)).state).toBe('pr_open');
    const looks = (await rt.queues.get('verify').getDelayed()).filter((job) => job.name === 'follow-pr');
    expect(looks).toEqual([]);
    const markdown = (await rt.records.report(session.id))?.markdown ?? '';
    const priorities = markdown.slice(markdown.indexOf('## Next human session priorities'));
    expect(priorities).toContain('(pull request open, risk low)');
    expect(priorities).toContain(`Link: <${forge.origin}/homelab/gitops/pull/1>`);
    expect(await headOf(remote, 'main')).toBe(movedAgain);
  }, 120_000);

  it('opens a GitLab merge request and, merged, ends applied when there is no cluster to verify against', async () => {
    forge = await startGitLabServer(GITLAB_TOKEN, 'ops/homelab/gitops');
    current = await startRig({
      agents: prAgents(decryptAppsLead(), 'medium'),
      runtime: { forgeTokens: { gitlab: GITLAB_TOKEN }, pullRequestPollMs: 100 },
    });
    const { rt, remote } = current;
    const session = await startSession(rt, {
      repo: remote,
      durationMs: 120_000,
      mode: 'pr',
      maxCycles: 1,
      forge: { kind: 'gitlab', apiUrl: forge.origin, repo: 'ops/homelab/gitops' },
    });
    await waitForEvent(rt, session.id, opened, 60_000);
    const create = forge.requests.find((r) => r.method === 'POST' && r.url.endsWith('/merge_requests'));
    expect(create?.url).toBe('/api/v4/projects/ops%2Fhomelab%2Fgitops/merge_requests');
    const [task] = await rt.tasks.list(session.id);
    expect(create?.body).toMatchObject({
      source_branch: `triad/${session.id}/${task?.id}`,
      target_branch: 'main',
      labels: 'triad,triad:risk-medium',
    });
    for (const request of forge.requests) expect(request.credential, request.url).toBe(GITLAB_TOKEN);
    expect(task?.pullRequest?.url).toBe(`${forge.origin}/ops/homelab/gitops/-/merge_requests/1`);

    const merge = await mergeLikeForge(remote, task!.pullRequest!.branch, 1, dirs);
    forge.merge(1, merge);
    const ended = await waitForSessionEnd(rt, session.id, { timeoutMs: 60_000 });
    expect(ended.endReason).toBe('completed');
    const [done] = await rt.tasks.list(session.id);
    expect(done).toMatchObject({ state: 'applied', commit: merge });
    expect(done?.reason).toBe(`merged as ${merge.slice(0, 8)} (#1); not verified: no cluster configured`);
  }, 120_000);

  it("never takes over a branch of the task's name that Triad did not push: the task fails, the branch stays", async () => {
    forge = await startGitHubServer(GITHUB_TOKEN, 'homelab', 'gitops');
    let taken: { branch: string; sha: string } | undefined;
    const personFirst: RunGit = async (command) => {
      // Right before Triad looks for its branch, a person creates one of that name (on main's head, no trailers).
      const ref = command.args.find((arg) => arg.startsWith('refs/heads/triad/'));
      if (command.args.includes('ls-remote') && ref && !taken && current) {
        const branch = ref.slice('refs/heads/'.length);
        await run('git', ['-C', current.remote, 'branch', branch, 'main']);
        taken = { branch, sha: await headOf(current.remote, 'main') };
      }
      return runGit(command);
    };
    current = await startRig({
      agents: prAgents(decryptAppsLead()),
      runtime: { forgeTokens: { github: GITHUB_TOKEN }, pullRequestPollMs: 100, runGit: personFirst },
    });
    const { rt, remote } = current;
    const session = await startSession(rt, {
      repo: remote,
      durationMs: 120_000,
      mode: 'pr',
      maxCycles: 1,
      forge: { kind: 'github', apiUrl: forge.origin, repo: 'homelab/gitops' },
    });
    await waitForSessionEnd(rt, session.id, { timeoutMs: 60_000 });
    const [task] = await rt.tasks.list(session.id);
    expect(taken?.branch).toBe(`triad/${session.id}/${task?.id}`);
    expect(task?.state).toBe('failed');
    expect(task?.reason).toMatch(/already exists and its head \w{8} is not Triad's commit: Triad leaves it alone/);
    expect(await headOf(remote, taken!.branch)).toBe(taken?.sha);
    expect(forge.pulls).toEqual([]);
  }, 120_000);

  it('refuses to start without the forge token, in one line that names the variable', async () => {
    current = await startRig({ workers: false });
    const { rt, remote } = current;
    const start = (forgeRequest: Parameters<typeof startSession>[1]['forge']) =>
      startSession(rt, { repo: remote, durationMs: 60_000, mode: 'pr', forge: forgeRequest }).catch((e: unknown) => e);
    const missing = (await start({ kind: 'gitlab', apiUrl: 'http://127.0.0.1:9/', repo: 'ops/gitops' })) as Error;
    expect(missing).toMatchObject({ code: 'forge_token_missing' });
    expect(missing.message).toContain('GITLAB_TOKEN');
    expect(missing.message).not.toContain('\n');
    const local = (await start(undefined)) as Error;
    expect(local).toMatchObject({ code: 'forge_remote_invalid' });
    expect(local.message).toContain('--forge-repo');
    expect(await rt.sessions.list()).toEqual([]);
  });
});
