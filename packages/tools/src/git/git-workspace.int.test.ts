import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TRAILERS, TriadError } from '@triad/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunGit, runGit } from './run-git';
import { createTestRemote, type TestRemote } from './test-support/test-remote';

const DEPLOY = 'apps/media/deployment.yaml';
const DEPLOY_V1 = 'kind: Deployment\nspec:\n  replicas: 1\n';
const DEPLOY_V2 = 'kind: Deployment\nspec:\n  replicas: 2\n';

/** Wraps the real git so that `beforePush` runs right before each `git push` the workspace makes. */
function interleavingGit(beforePush: (push: number) => Promise<void>): RunGit {
  let pushes = 0;
  return async (command) => {
    if (command.args.includes('push')) await beforePush(++pushes);
    return runGit(command);
  };
}

async function trailersOf(remote: TestRemote, rev: string): Promise<string[]> {
  const message = await remote.git(['log', '-1', '--format=%B', rev]);
  const parsed = await remote.git(['interpret-trailers', '--parse'], { input: message });
  return parsed.split('\n');
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

describe.sequential('git workspace', () => {
  let remote: TestRemote;

  beforeEach(async () => {
    remote = await createTestRemote({ [DEPLOY]: DEPLOY_V1 });
  });

  afterEach(async () => {
    await remote.cleanup();
  });

  it('syncs to origin/main and reads text files at a revision, skipping binaries and large files', async () => {
    const first = await remote.pushFromOtherClone({
      'img/logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]),
      'big.yaml': 'x'.repeat(1024 * 1024 + 1),
      'dir with space/a.yaml': 'a: 1\n',
    });
    const workspace = remote.workspace('ws');

    expect(await workspace.sync()).toBe(first);
    expect(await workspace.head()).toBe(first);
    // The other engineer moves main; reading a revision the clone has not fetched yet still works.
    const second = await remote.pushFromOtherClone({ [DEPLOY]: DEPLOY_V2 });

    const atFirst = await workspace.readFiles(first);
    expect([...atFirst.keys()].sort()).toEqual(['README.md', DEPLOY, 'dir with space/a.yaml']);
    expect(atFirst.get(DEPLOY)).toBe(DEPLOY_V1);
    expect((await workspace.readFiles(second)).get(DEPLOY)).toBe(DEPLOY_V2);
    expect(await workspace.readFile(first, 'dir with space/a.yaml')).toBe('a: 1\n');
    expect(await workspace.readFile(first, 'missing.yaml')).toBeUndefined();
    expect(await workspace.readFile(first, 'img/logo.png')).toBeUndefined();
    await expect(workspace.readFiles('0'.repeat(40))).rejects.toMatchObject({ code: 'revision_not_found' });

    // sync drops local leftovers and lands on the new head.
    await writeFile(join(remote.root, 'ws', 'leftover.yaml'), 'junk');
    await writeFile(join(remote.root, 'ws', DEPLOY), 'local edit');
    expect(await workspace.sync()).toBe(second);
    expect(await exists(join(remote.root, 'ws', 'leftover.yaml'))).toBe(false);
    expect(await readFile(join(remote.root, 'ws', DEPLOY), 'utf8')).toBe(DEPLOY_V2);
  });

  it('fetches the newest revision without touching the working copy', async () => {
    const workspace = remote.workspace('ws');
    const first = await workspace.sync();
    const second = await remote.pushFromOtherClone({ [DEPLOY]: DEPLOY_V2 });

    expect(await workspace.fetchHead()).toBe(second);
    expect(await workspace.head()).toBe(first); // the checkout stays where the last sync or push left it
    expect((await workspace.readFiles(second)).get(DEPLOY)).toBe(DEPLOY_V2);
    // A fresh clone fetches on first use too.
    expect(await remote.workspace('fresh').fetchHead()).toBe(second);
  });

  it('syncs past a revert that a crash left half-done, and commits on the fresh head', async () => {
    const workspace = remote.workspace('ws');
    const toV2 = await remote.pushFromOtherClone({ [DEPLOY]: DEPLOY_V2 });
    const head = await remote.pushFromOtherClone({ [DEPLOY]: 'kind: Deployment\nspec:\n  replicas: 3\n' });
    expect(await workspace.sync()).toBe(head);
    // Reverting V1 → V2 on top of V3 conflicts: git stops with the revert in progress and the index unmerged.
    const cwd = join(remote.root, 'ws');
    await expect(remote.git(['revert', '--no-edit', toV2], { cwd })).rejects.toThrow();
    expect(await exists(join(cwd, '.git', 'REVERT_HEAD'))).toBe(true);

    expect(await workspace.sync()).toBe(head);
    expect(await exists(join(cwd, '.git', 'REVERT_HEAD'))).toBe(false);
    expect(await exists(join(cwd, '.git', 'sequencer'))).toBe(false);
    expect(await remote.git(['status', '--porcelain'], { cwd })).toBe('');
    const pushed = await workspace.commitAndPush({
      edits: [{ path: 'notes.md', before: null, after: 'after the crash\n' }],
      message: 'docs: a note',
      trailers: [],
    });
    expect(pushed.sha).toBe(await remote.remoteHead());
  });

  it('learns the fetched revision from the fetch alone: one git process each time', async () => {
    const commands: string[][] = [];
    const workspace = remote.workspace('ws', {
      runGit: async (command) => {
        commands.push(command.args.filter((arg) => !arg.includes('=') && arg !== '-c'));
        return runGit(command);
      },
    });
    await workspace.sync();
    const second = await remote.pushFromOtherClone({ [DEPLOY]: DEPLOY_V2 });
    commands.length = 0;
    expect(await workspace.fetchHead()).toBe(second);
    expect(await workspace.fetchHead()).toBe(second); // nothing new: the same answer
    expect(commands.map((args) => args[0])).toEqual(['fetch', 'fetch']);
  });

  it('keeps a first fetch as the pack it came in, and unpacks later small fetches as git does', async () => {
    const workspace = remote.workspace('ws');
    const counts = async () => {
      const lines = (await remote.git(['count-objects', '-v'], { cwd: join(remote.root, 'ws') })).split('\n');
      const field = (name: string) => Number(lines.find((line) => line.startsWith(`${name}:`))?.split(' ')[1]);
      return { loose: field('count'), packs: field('packs') };
    };
    await workspace.fetchHead();
    // Under git's unpack limit of 100 objects, a fetch would write each object as a file of its own (and sync it).
    expect(await counts()).toEqual({ loose: 0, packs: 1 });

    await remote.pushFromOtherClone({ [DEPLOY]: DEPLOY_V2 });
    await workspace.fetchHead();
    expect((await counts()).packs).toBe(1);
    expect((await counts()).loose).toBeGreaterThan(0);
  });
  it('commits edits with trailers and pushes them to the remote', async () => {
    const workspace = remote.workspace('ws');
    const result = await workspace.commitAndPush({
      edits: [
        { path: DEPLOY, before: DEPLOY_V1, after: DEPLOY_V2 },
        { path: 'apps/media/kustomization.yaml', before: null, after: 'resources:\n  - deployment.yaml\n' },
        { path: 'README.md', before: '# homelab\n', after: null },
      ],
      message: 'Scale media to two replicas\n\n#42 stays in the body.\n',
      trailers: [
        [TRAILERS.session, 's1'],
        [TRAILERS.task, 's1-t1'],
        [TRAILERS.risk, 'low'],
      ],
    });

    expect(result).toEqual({ sha: await remote.remoteHead(), attempts: 1 });
    expect(await trailersOf(remote, 'main')).toEqual(['Triad-Session: s1', 'Triad-Task: s1-t1', 'Triad-Risk: low']);
    expect(await remote.git(['log', '-1', '--format=%an <%ae>|%s', 'main'])).toBe(
      'Triad <triad@example.test>|Scale media to two replicas',
    );
    expect(await remote.git(['log', '-1', '--format=%B', 'main'])).toContain('#42 stays in the body.');
    expect(await remote.git(['show', `main:${DEPLOY}`])).toBe(DEPLOY_V2.trim());
    expect(await remote.git(['ls-tree', '--name-only', '-r', 'main'])).toBe(
      'apps/media/deployment.yaml\napps/media/kustomization.yaml',
    );
  });

  it('finds a commit by exact trailer value, also from a fresh clone', async () => {
    const workspace = remote.workspace('ws');
    const commit = (task: string, after: string, before: string) =>
      workspace.commitAndPush({
        edits: [{ path: DEPLOY, before, after }],
        message: `Task ${task}`,
        trailers: [
          [TRAILERS.session, 's1'],
          [TRAILERS.task, task],
        ],
      });

    const t10 = await commit('s1-t10', DEPLOY_V2, DEPLOY_V1);
    expect(await workspace.findCommitByTrailer(TRAILERS.task, 's1-t1')).toBeUndefined();
    const t1 = await commit('s1-t1', DEPLOY_V1, DEPLOY_V2);

    expect(await workspace.findCommitByTrailer(TRAILERS.task, 's1-t1')).toBe(t1.sha);
    expect(await workspace.findCommitByTrailer(TRAILERS.task, 's1-t10')).toBe(t10.sha);
    expect(await workspace.findCommitByTrailer(TRAILERS.task, 's1-t')).toBeUndefined();
    expect(await workspace.findCommitByTrailer(TRAILERS.risk, 's1-t1')).toBeUndefined();
    expect(await remote.workspace('fresh').findCommitByTrailer(TRAILERS.task, 's1-t1')).toBe(t1.sha);
  });

  it('refuses an edit whose before no longer matches the remote, pushing nothing', async () => {
    const workspace = remote.workspace('ws');
    await workspace.sync();
    const moved = await remote.pushFromOtherClone({ [DEPLOY]: 'kind: Deployment\n' });

    const stale = workspace.commitAndPush({
      edits: [{ path: DEPLOY, before: DEPLOY_V1, after: DEPLOY_V2 }],
      message: 'Scale media',
      trailers: [[TRAILERS.task, 's1-t1']],
    });
    await expect(stale).rejects.toMatchObject({ code: 'stale_edit', domain: 'git', retryable: false });
    await expect(stale).rejects.toThrow(DEPLOY);
    const created = workspace.commitAndPush({
      edits: [{ path: 'README.md', before: null, after: 'new\n' }],
      message: 'Create a readme',
      trailers: [],
    });
    await expect(created).rejects.toMatchObject({ code: 'stale_edit' });
    expect(await remote.remoteHead()).toBe(moved);
  });

  it('lands a batch with one commit per request and one push; a stale request is left out, the others land', async () => {
    let pushes = 0;
    const workspace = remote.workspace('ws', {
      runGit: interleavingGit(async () => {
        pushes++;
      }),
    });
    const outcomes = await workspace.commitAndPushEach([
      {
        edits: [{ path: DEPLOY, before: DEPLOY_V1, after: DEPLOY_V2 }],
        message: 'Scale',
        trailers: [[TRAILERS.task, 's1-t1']],
      },
      // Drafted against the same base as the first: after it, its `before` no longer matches.
      {
        edits: [{ path: DEPLOY, before: DEPLOY_V1, after: 'kind: Deployment\n' }],
        message: 'Strip',
        trailers: [[TRAILERS.task, 's1-t2']],
      },
      {
        edits: [{ path: 'a.yaml', before: null, after: 'a: 1\n' }],
        message: 'Add a',
        trailers: [[TRAILERS.task, 's1-t3']],
      },
      { edits: [{ path: 'README.md', before: '# homelab\n', after: '# homelab\n' }], message: 'No-op', trailers: [] },
    ]);

    expect(pushes).toBe(1);
    const [first, stale, third, empty] = outcomes;
    expect(stale).toMatchObject({ error: { code: 'stale_edit' } });
    expect(empty).toMatchObject({ error: { code: 'empty_change' } });
    const shas = [first, third].map((outcome) => (outcome && 'sha' in outcome ? outcome.sha : ''));
    expect(await remote.remoteHead()).toBe(shas[1]);
    expect(await remote.git(['rev-parse', `${shas[1]}^`])).toBe(shas[0]);
    expect(await remote.git(['show', `main:${DEPLOY}`])).toBe(DEPLOY_V2.trim());
    expect(await remote.git(['show', 'main:a.yaml'])).toBe('a: 1');
    const found = await workspace.findCommitsByTrailer(TRAILERS.task, ['s1-t1', 's1-t2', 's1-t3']);
    expect(Object.fromEntries(found)).toEqual({ 's1-t1': shas[0], 's1-t3': shas[1] });
  });

  it('refuses a change that changes nothing', async () => {
    const workspace = remote.workspace('ws');
    const unchanged = workspace.commitAndPush({
      edits: [{ path: DEPLOY, before: DEPLOY_V1, after: DEPLOY_V1 }],
      message: 'No-op',
      trailers: [],
    });
    await expect(unchanged).rejects.toMatchObject({ code: 'empty_change' });
  });

  it('rebuilds the commit on the moved remote when another clone pushed between sync and push', async () => {
    let other = '';
    const workspace = remote.workspace('ws', {
      runGit: interleavingGit(async (push) => {
        if (push === 1) other = await remote.pushFromOtherClone({ 'infra/other.yaml': 'other: true\n' });
      }),
    });

    const result = await workspace.commitAndPush({
      edits: [{ path: DEPLOY, before: DEPLOY_V1, after: DEPLOY_V2 }],
      message: 'Scale media',
      trailers: [[TRAILERS.task, 's1-t1']],
    });

    expect(result.attempts).toBe(2);
    expect(await remote.remoteHead()).toBe(result.sha);
    expect(await remote.git(['rev-parse', `${result.sha}^`])).toBe(other);
    expect(await remote.git(['show', `main:${DEPLOY}`])).toBe(DEPLOY_V2.trim());
    expect(await remote.git(['show', 'main:infra/other.yaml'])).toBe('other: true');
  });

  it('rebases the edits on the revision they land on, again when the remote moved: an ADR takes the free number', async () => {
    const workspace = remote.workspace('ws', {
      runGit: interleavingGit(async (push) => {
        // Another change takes ADR 0002 while this one is being pushed.
        if (push === 1) await remote.pushFromOtherClone({ 'docs/adr/0002-theirs.md': '# 0002. Theirs\n' });
      }),
    });
    const seen: string[][] = [];
    const result = await workspace.commitAndPush({
      edits: [{ path: 'docs/adr/0002-ours.md', before: null, after: '# 0002. Ours\n' }],
      message: 'Record our decision',
      trailers: [],
      rebase: (edits, paths) => {
        seen.push(paths.filter((path) => path.startsWith('docs/')));
        const taken = paths.includes('docs/adr/0002-theirs.md');
        return taken ? edits.map((edit) => ({ ...edit, path: 'docs/adr/0003-ours.md' })) : edits;
      },
    });

    expect(result.attempts).toBe(2);
    expect(seen).toEqual([[], ['docs/adr/0002-theirs.md']]);
    expect(await remote.git(['ls-tree', '-r', '--name-only', 'main', 'docs/adr'])).toBe(
      'docs/adr/0002-theirs.md\ndocs/adr/0003-ours.md',
    );
    await expect(
      workspace.commitAndPush({
        edits: [{ path: 'a.yaml', before: null, after: 'a: 1\n' }],
        message: 'Escape',
        trailers: [],
        rebase: (edits) => edits.map((edit) => ({ ...edit, path: '../outside.yaml' })),
      }),
    ).rejects.toMatchObject({ code: 'path_refused' });
  });

  it('re-checks before on retry: a concurrent push to the same file makes the edit stale', async () => {
    const workspace = remote.workspace('ws', {
      runGit: interleavingGit(async (push) => {
        if (push === 1) await remote.pushFromOtherClone({ [DEPLOY]: 'kind: Deployment\n' });
      }),
    });
    const attempt = workspace.commitAndPush({
      edits: [{ path: DEPLOY, before: DEPLOY_V1, after: DEPLOY_V2 }],
      message: 'Scale media',
      trailers: [[TRAILERS.task, 's1-t1']],
    });
    await expect(attempt).rejects.toMatchObject({ code: 'stale_edit' });
    expect(await remote.git(['show', `main:${DEPLOY}`])).toBe('kind: Deployment');
  });

  it('gives up with push_rejected when the remote moves before every push', async () => {
    let pushesSeen = 0;
    const workspace = remote.workspace('ws', {
      runGit: interleavingGit(async (push) => {
        pushesSeen = push;
        await remote.pushFromOtherClone({ [`infra/other-${push}.yaml`]: `n: ${push}\n` });
      }),
    });
    const attempt = workspace.commitAndPush(
      {
        edits: [{ path: DEPLOY, before: DEPLOY_V1, after: DEPLOY_V2 }],
        message: 'Scale media',
        trailers: [[TRAILERS.task, 's1-t1']],
      },
      { maxAttempts: 2 },
    );

    const error = await attempt.catch((caught: unknown) => caught);
    expect(TriadError.is(error, 'push_rejected')).toBe(true);
    expect(error).toMatchObject({ domain: 'git', retryable: true });
    expect(pushesSeen).toBe(2);
    expect(await remote.git(['show', `main:${DEPLOY}`])).toBe(DEPLOY_V1.trim());
    expect(await remote.workspace('check').findCommitByTrailer(TRAILERS.task, 's1-t1')).toBeUndefined();
  });

  it('reverts a commit with a new commit that restores the content', async () => {
    const workspace = remote.workspace('ws');
    const change = await workspace.commitAndPush({
      edits: [{ path: DEPLOY, before: DEPLOY_V1, after: DEPLOY_V2 }],
      message: 'Scale media',
      trailers: [[TRAILERS.task, 's1-t1']],
    });
    await remote.pushFromOtherClone({ 'infra/other.yaml': 'other: true\n' });

    const revert = await workspace.revert(change.sha, { trailers: [[TRAILERS.task, 's1-t1-revert']] });

    expect(revert.sha).toBe(await remote.remoteHead());
    expect(revert.sha).not.toBe(change.sha);
    expect(await remote.git(['show', `main:${DEPLOY}`])).toBe(DEPLOY_V1.trim());
    expect(await remote.git(['show', 'main:infra/other.yaml'])).toBe('other: true');
    expect(await remote.git(['log', '-1', '--format=%s', 'main'])).toBe('Revert "Scale media"');
    expect(await trailersOf(remote, 'main')).toEqual(['Triad-Task: s1-t1-revert', `Triad-Reverts: ${change.sha}`]);
    await expect(
      workspace.revert(change.sha, { message: 'Again', trailers: [[TRAILERS.task, 's1-t1-revert']] }),
    ).rejects.toMatchObject({ code: 'empty_change' });
  });

  it('says whether a later revision still holds a commit: pushed after it, and not reverted since', async () => {
    const workspace = remote.workspace('ws');
    const change = await workspace.commitAndPush({
      edits: [{ path: DEPLOY, before: DEPLOY_V1, after: DEPLOY_V2 }],
      message: 'Scale media',
      trailers: [[TRAILERS.task, 's1-t1']],
    });
    // Another engineer pushes twice; the workspace has not fetched either commit yet.
    const later = await remote.pushFromOtherClone({ 'infra/other.yaml': 'other: true\n' });
    expect(await workspace.holds(later, change.sha)).toBe(true);
    expect(await workspace.holds(change.sha, change.sha)).toBe(true);
    expect(await workspace.holds(change.sha, later)).toBe(false);
    expect(await workspace.holds('0'.repeat(40), change.sha)).toBe(false);

    const revert = await workspace.revert(change.sha, { trailers: [[TRAILERS.task, 's1-t1-revert']] });
    const afterRevert = await remote.pushFromOtherClone({ 'infra/more.yaml': 'more: true\n' });
    expect(await workspace.holds(revert.sha, change.sha)).toBe(false);
    expect(await workspace.holds(afterRevert, change.sha)).toBe(false);
    expect(await workspace.holds(afterRevert, later)).toBe(true);
  });

  it('refuses paths that escape the repository or enter .git, writing nothing', async () => {
    const outside = join(remote.root, 'outside');
    await mkdir(outside);
    await remote.pushFromOtherClone({ escape: { symlink: outside } });
    const head = await remote.remoteHead();
    const workspace = remote.workspace('ws');
    await workspace.sync();

    const refused = [
      '../outside/x.yaml',
      '/etc/triad.yaml',
      'apps/../../x.yaml',
      '.git/config',
      'vendor/.GIT/hooks/pre-commit',
      './x.yaml',
      'apps\\x.yaml',
      'escape/x.yaml',
    ];
    for (const path of refused) {
      const attempt = workspace.commitAndPush({
        edits: [
          { path: 'safe.yaml', before: null, after: 'ok: true\n' },
          { path, before: null, after: 'pwned: true\n' },
        ],
        message: 'Escape',
        trailers: [],
      });
      await expect(attempt, path).rejects.toMatchObject({ code: 'path_refused' });
    }
    expect(await remote.remoteHead()).toBe(head);
    expect(await exists(join(outside, 'x.yaml'))).toBe(false);
    expect(await exists(join(remote.root, 'ws', 'safe.yaml'))).toBe(false);
    expect(await readFile(join(remote.root, 'ws', '.git', 'config'), 'utf8')).not.toContain('pwned');
  });
});
