import { TRAILERS, TriadError } from '@triad/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { branchRef } from './branch-verbs';
import { createTestRemote, type TestRemote } from './test-support/test-remote';

const DEPLOY = 'apps/media/deployment.yaml';
const V1 = 'kind: Deployment\nspec:\n  replicas: 1\n';
const V2 = 'kind: Deployment\nspec:\n  replicas: 2\n';
const BRANCH = 'triad/s1/s1-c1t1';
const change = {
  edits: [{ path: DEPLOY, before: V1, after: V2 }],
  message: 'Scale media to two replicas',
  trailers: [[TRAILERS.task, 's1-c1t1']] as Array<[string, string]>,
};

describe.sequential('pushing a pull request branch', () => {
  let remote: TestRemote;
  beforeEach(async () => {
    remote = await createTestRemote({ [DEPLOY]: V1 });
  });
  afterEach(() => remote.cleanup());

  it('pushes the commit to its own branch, leaves main alone, and finds it again by trailer', async () => {
    const main = await remote.remoteHead();
    const workspace = remote.workspace('ws');
    expect(await workspace.branchHead(BRANCH)).toBeUndefined();
    const pushed = await workspace.pushToBranch(BRANCH, change);
    expect(pushed.base).toBe(main);
    expect(await remote.remoteHead()).toBe(main);
    expect(await remote.git(['rev-parse', `refs/heads/${BRANCH}`])).toBe(pushed.sha);
    expect(await remote.git(['rev-parse', `${pushed.sha}^`])).toBe(main);
    expect(await workspace.branchHead(BRANCH)).toBe(pushed.sha);
    expect(await workspace.findCommitByTrailer(TRAILERS.task, 's1-c1t1', branchRef(BRANCH))).toBe(pushed.sha);
    expect(await workspace.findCommitByTrailer(TRAILERS.task, 's1-c1t1')).toBeUndefined();
  });

  it('rebases onto a moved main only while the branch is still the commit it pushed', async () => {
    const workspace = remote.workspace('ws');
    const first = await workspace.pushToBranch(BRANCH, change);
    const moved = await remote.pushFromOtherClone({ 'README.md': '# homelab\n' });
    const again = await workspace.pushToBranch(BRANCH, change, first.sha);
    expect(again.base).toBe(moved);
    expect(await remote.git(['rev-parse', `refs/heads/${BRANCH}`])).toBe(again.sha);

    // A person pushes to the branch: Triad's next update is refused and the person's commit stays.
    const other = `${remote.root}/person`;
    await remote.git(['clone', '--quiet', '--branch', BRANCH, remote.url, other], { cwd: remote.root });
    await remote.git(['commit', '--quiet', '--allow-empty', '-m', 'my tweak'], { cwd: other });
    await remote.git(['push', '--quiet', 'origin', BRANCH], { cwd: other });
    const theirs = await remote.git(['rev-parse', `refs/heads/${BRANCH}`]);
    const error = await workspace.pushToBranch(BRANCH, change, again.sha).catch((e: unknown) => e);
    expect(TriadError.is(error, 'branch_moved')).toBe(true);
    expect(await remote.git(['rev-parse', `refs/heads/${BRANCH}`])).toBe(theirs);
    // …and a branch that exists is never taken over as if it were new.
    const taken = await workspace.pushToBranch(BRANCH, change).catch((e: unknown) => e);
    expect(TriadError.is(taken, 'branch_moved')).toBe(true);
  });

  it('never pushes a pull request branch onto the watched branch', async () => {
    const error = await remote
      .workspace('ws')
      .pushToBranch('main', change)
      .catch((e: unknown) => e);
    expect(TriadError.is(error, 'invalid_option')).toBe(true);
  });
});
