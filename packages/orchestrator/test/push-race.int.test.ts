import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type RunGit, runGit } from '@triad/tools';
import { afterEach, describe, expect, it } from 'vitest';
import { startSession, waitForSessionEnd } from '../src';
import { remoteCommits, run, startRig, type TestRig } from './harness';

const PERSON = '# tuned by a person';

describe('a person pushes to the branch between the draft and its push', () => {
  let current: TestRig | undefined;
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });

  it('drafts the change again on the new head, and it lands there, once, keeping the person’s commit', async () => {
    let raced: { path: string; sha: string } | undefined;
    let remote = '';
    let scratch = '';
    // Just before Triad's first push, a person's commit to a file it changes lands on the remote (real git, a second clone).
    const racingGit: RunGit = async (command) => {
      if (!raced && command.args.includes('push') && command.cwd) {
        // A file the pushed commits change that the remote already has (a batch may also add new files).
        const changed = await runGit({
          args: ['diff', '--name-only', '--diff-filter=M', 'refs/remotes/origin/main', 'HEAD'],
          cwd: command.cwd,
        });
        const path = changed.stdout.toString().trim().split('\n')[0] ?? '';
        const person = join(scratch, 'person');
        await run('git', ['clone', '--quiet', remote, person]);
        await appendFile(join(person, path), `${PERSON}\n`);
        const id = ['-c', 'user.name=A Person', '-c', 'user.email=person@example.org'];
        await run('git', ['-C', person, ...id, 'commit', '--quiet', '-am', 'tune by hand']);
        await run('git', ['-C', person, 'push', '--quiet', 'origin', 'HEAD:main']);
        raced = { path, sha: (await run('git', ['-C', person, 'rev-parse', 'HEAD'])).stdout.trim() };
      }
      return runGit(command);
    };
    current = await startRig({ runtime: { runGit: racingGit } });
    remote = current.remote;
    scratch = current.dir;
    const { rt } = current;

    const session = await startSession(rt, { repo: remote, durationMs: 120_000, approvalTimeoutMs: 1_000 });
    const ended = await waitForSessionEnd(rt, session.id, { timeoutMs: 100_000 });

    expect(ended.endReason).toBe('completed');
    expect(raced).toBeDefined();
    const events = await rt.events.read(session.id);
    const stale = events.find((event) => event.data?.from === 'applying' && event.data?.to === 'changes_requested');
    expect(stale?.message).toMatch(/the branch moved before it landed: .* has changed since the edit was drafted/);
    const task = await rt.tasks.get(stale?.taskId ?? '');
    expect(task.state).toBe('applied');
    expect(task.revision).toBe(2);
    // Its one commit sits on top of the person's, and the file keeps both the person's line and the fix.
    const carrying = (await remoteCommits(remote)).filter((commit) => commit.trailers['Triad-Task'] === task.id);
    expect(carrying).toHaveLength(1);
    expect(carrying[0]?.sha).toBe(task.commit);
    await run('git', ['--git-dir', remote, 'merge-base', '--is-ancestor', raced!.sha, task.commit!]);
    const landed = (await run('git', ['--git-dir', remote, 'show', `${task.commit}:${raced!.path}`])).stdout;
    expect(landed).toContain(PERSON);
    const tasks = await rt.tasks.list(session.id);
    expect(tasks.map((t) => t.state).sort()).toEqual(['applied', 'applied', 'applied', 'deferred']);
  }, 120_000);
});
