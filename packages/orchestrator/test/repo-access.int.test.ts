import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RepoRef } from '@triad/core';
import { type RunGit, runGit } from '@triad/tools';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RepoAccess } from '../src/repo-access';
import { createHomelabRemote, run } from './harness';

let dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  dirs = [];
});

/** Someone else pushes a commit to the remote's main; returns its sha. */
async function pushElsewhere(remote: string): Promise<string> {
  const clone = await mkdtemp(join(tmpdir(), 'triad-other-'));
  dirs.push(clone);
  const git = (...args: string[]) => run('git', ['-C', clone, ...args]);
  await run('git', ['clone', '-q', remote, clone]);
  await writeFile(join(clone, 'NOTES.md'), 'moved on\n');
  await git('add', 'NOTES.md');
  await git('-c', 'user.name=other', '-c', 'user.email=o@example.net', 'commit', '-qm', 'other change');
  await git('push', '-q', 'origin', 'HEAD:main');
  return (await git('rev-parse', 'HEAD')).stdout.trim();
}

describe('RepoAccess.latest', () => {
  it('gives callers that wait for the clone one shared fetch, started after all of them asked', async () => {
    const { dir, remote } = await createHomelabRemote();
    dirs.push(dir);
    // Git as usual, except that a checkout waits while `held` is pending: the clone stays busy in the middle of a sync.
    let held: Promise<void> | undefined;
    const heldGit: RunGit = async (command) => {
      if (held && command.args.includes('checkout')) await held;
      return runGit(command);
    };
    const access = new RepoAccess(join(dir, 'work'), { name: 'Triad', email: 'triad@localhost' }, 8, heldGit);
    const repo: RepoRef = { url: remote, branch: 'main' };
    await access.latest(repo);
    const workspace = await access.run(repo, async (w) => w);
    const fetches = vi.spyOn(workspace, 'fetchHead');

    // The clone is busy (another job's git work); five drafts ask for the newest revision meanwhile.
    let release: () => void = () => {};
    held = new Promise<void>((resolve) => (release = resolve));
    const busy = access.run(repo, (w) => w.sync());
    const asked = Array.from({ length: 5 }, () => access.latest(repo));
    const head = await pushElsewhere(remote);
    release();
    await busy;

    const answers = await Promise.all(asked);
    expect(answers.map((a) => a.revision)).toEqual(Array(5).fill(head));
    expect(answers[0]!.files.get('NOTES.md')).toBe('moved on\n');
    expect(fetches).toHaveBeenCalledTimes(1);

    // Asked after that fetch began: a fetch of its own.
    await access.latest(repo);
    expect(fetches).toHaveBeenCalledTimes(2);
  });

  it('lets a caller take a fetch younger than maxAgeMs, until git work on the clone may have moved the branch', async () => {
    const { dir, remote } = await createHomelabRemote();
    dirs.push(dir);
    const access = new RepoAccess(join(dir, 'work'), { name: 'Triad', email: 'triad@localhost' });
    const repo: RepoRef = { url: remote, branch: 'main' };
    const first = await access.latest(repo);
    const workspace = await access.run(repo, async (w) => w); // work that may move the branch: the next caller fetches
    const fetches = vi.spyOn(workspace, 'fetchHead');
    await access.latest(repo);
    expect(fetches).toHaveBeenCalledTimes(1);

    const head = await pushElsewhere(remote);
    // Within the hour: the fetch above stands, though the remote moved since.
    expect((await access.latest(repo, { maxAgeMs: 3_600_000 })).revision).toBe(first.revision);
    expect(fetches).toHaveBeenCalledTimes(1);
    // Reading files and asking what a revision holds leave it standing too.
    await access.filesAt(repo, first.revision);
    await access.holds(repo, first.revision, first.revision);
    expect((await access.latest(repo, { maxAgeMs: 3_600_000 })).revision).toBe(first.revision);
    // Without maxAgeMs, a fetch of its own, which sees the push.
    expect((await access.latest(repo)).revision).toBe(head);
    expect(fetches).toHaveBeenCalledTimes(2);
    // A fetch older than maxAgeMs does not stand.
    expect((await access.latest(repo, { maxAgeMs: -1 })).revision).toBe(head);
    expect(fetches).toHaveBeenCalledTimes(3);
    // Other git work on the clone (a commit and push, say) ends it, whatever the age.
    await access.run(repo, async () => {});
    await access.latest(repo, { maxAgeMs: 3_600_000 });
    expect(fetches).toHaveBeenCalledTimes(4);
  });

  it('answers a caller within staleMs at once with the last fetch, and fetches behind it for the next caller', async () => {
    const { dir, remote } = await createHomelabRemote();
    dirs.push(dir);
    // Git as usual, except that a fetch waits while `held` is pending: the caller must not wait for it.
    let held: Promise<void> | undefined;
    let fetchStarted: () => void = () => {};
    const heldGit: RunGit = async (command) => {
      if (held && command.args.includes('fetch')) {
        fetchStarted();
        await held;
      }
      return runGit(command);
    };
    const access = new RepoAccess(join(dir, 'work'), { name: 'Triad', email: 'triad@localhost' }, 8, heldGit);
    const repo: RepoRef = { url: remote, branch: 'main' };
    const workspace = await access.run(repo, async (w) => w);
    const fetches = vi.spyOn(workspace, 'fetchHead');
    const first = await access.latest(repo);
    const head = await pushElsewhere(remote);

    let release: () => void = () => {};
    held = new Promise<void>((resolve) => (release = resolve));
    const started = new Promise<void>((resolve) => (fetchStarted = resolve));
    // Older than maxAgeMs (-1: always), within staleMs: the last fetch's revision, while the fetch is held.
    expect((await access.latest(repo, { maxAgeMs: -1, staleMs: 3_600_000 })).revision).toBe(first.revision);
    await started; // the fetch behind it began
    expect(fetches).toHaveBeenCalledTimes(2);
    release();
    expect(await fetches.mock.results[1]?.value).toBe(head);
    // It landed: the next caller that may take a recent fetch gets the push it saw, without fetching.
    expect((await access.latest(repo, { maxAgeMs: 3_600_000 })).revision).toBe(head);
    expect(fetches).toHaveBeenCalledTimes(2);
    // Without staleMs, a caller waits for a fetch of its own.
    expect((await access.latest(repo, { maxAgeMs: -1 })).revision).toBe(head);
  });
});

describe('RepoAccess.skippedAt', () => {
  it("lists a revision's unreadable files with its files, and again from memory: no git process after the read", async () => {
    const { dir, remote } = await createHomelabRemote();
    dirs.push(dir);
    const commands: string[] = [];
    const countingGit: RunGit = async (command) => {
      commands.push(command.args.find((arg) => !arg.startsWith('-') && !arg.includes('=')) ?? '');
      return runGit(command);
    };
    const access = new RepoAccess(join(dir, 'work'), { name: 'Triad', email: 'triad@localhost' }, 8, countingGit);
    const repo: RepoRef = { url: remote, branch: 'main' };
    const { revision } = await access.latest(repo);
    commands.length = 0;
    const first = await access.skippedAt(repo, revision);
    expect(await access.skippedAt(repo, revision)).toBe(first);
    expect(commands).toEqual([]);
  });
});
