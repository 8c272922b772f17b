import { execFile } from 'node:child_process';
import { appendFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { createRuntime, startSession, startWorkers, waitForSessionEnd } from '@triad/orchestrator';
import { deletePrefix } from '@triad/orchestrator/test-support';
import { createBareRemote } from '@triad/sim';
import { type RunGit, runGit } from '@triad/tools';
import { type SessionFigures, sessionFigures } from './session-figures.ts';

const run = promisify(execFile);

export interface PushRaceRun extends SessionFigures {
  /** Pushes of Triad's that a person's push beat to the branch. */
  races: number;
  /** Raced tasks whose one commit landed on top of the person's commit. */
  onNewHead: number;
  /** Persons' commits still in the branch's history at the end. */
  personsKept: number;
  /** Persons' lines still in the branch's files at the end (a commit kept in history can still be overwritten). */
  personsLinesKept: number;
  /** Each raced task's end: state, revision, and the reason when it did not land. */
  racedTasks: string[];
  sessionMs: number;
}

/**
 * One session on examples/homelab where, just before the first push of each task, a person's commit lands on the
 * branch from a second clone: to a file the commit modifies (`modified`), to a file of its own (`other`), or creating
 * first a file the commit creates (`created`: the change cannot land as drafted, and must say why).
 */
export type RaceMode = 'modified' | 'other' | 'created';

export async function pushRaceRun(example: string, redisUrl: string, mode: RaceMode): Promise<PushRaceRun> {
  const dir = await mkdtemp(join(tmpdir(), 'triad-fault-race-'));
  const { remote } = await createBareRemote(example, dir);
  const raced = new Map<string, string>();
  /** What each person's commit wrote, to check it is still in the branch's files at the end. */
  const wrote: Array<{ path: string; line: string }> = [];
  const person = join(dir, 'person');
  await run('git', ['clone', '--quiet', remote, person]);
  const racingGit: RunGit = async (command) => {
    if (command.args.includes('push') && command.cwd) {
      const head = await runGit({
        args: ['log', '-1', '--format=%(trailers:key=Triad-Task,valueonly)'],
        cwd: command.cwd,
      });
      const task = head.stdout.toString().trim();
      if (task && !raced.has(task)) {
        const changed = await runGit({
          args: ['show', '--name-only', `--diff-filter=${mode === 'created' ? 'A' : 'M'}`, '--format=', 'HEAD'],
          cwd: command.cwd,
        });
        const same = changed.stdout.toString().trim().split('\n')[0];
        const path = mode !== 'other' && same ? same : 'PEOPLE.md';
        await run('git', ['-C', person, 'pull', '--quiet', '--rebase', 'origin', 'main']);
        await mkdir(dirname(join(person, path)), { recursive: true });
        const line = path === 'PEOPLE.md' ? `- ${task} raced` : `# tuned by a person before ${task}`;
        await appendFile(join(person, path), `${line}\n`);
        wrote.push({ path, line });
        await run('git', ['-C', person, 'add', path]);
        const id = ['-c', 'user.name=A Person', '-c', 'user.email=person@example.org'];
        await run('git', ['-C', person, ...id, 'commit', '--quiet', '-m', `a person's change beside ${task}`]);
        await run('git', ['-C', person, 'push', '--quiet', 'origin', 'HEAD:main']);
        raced.set(task, (await run('git', ['-C', person, 'rev-parse', 'HEAD'])).stdout.trim());
      }
    }
    return runGit(command);
  };
  const prefix = `triadfault-race-${Date.now().toString(36)}`;
  const rt = createRuntime({ config: { redisUrl, prefix, workdir: join(dir, 'work') }, runGit: racingGit });
  const pool = await startWorkers(rt, { lockDurationMs: 5000 });
  try {
    const started = Date.now();
    const session = await startSession(rt, { repo: remote, durationMs: 300_000, approvalTimeoutMs: 1000 });
    const ended = await waitForSessionEnd(rt, session.id, { timeoutMs: 280_000 });
    const tasks = await rt.tasks.list(session.id);
    const isAncestor = (ancestor: string, of: string) =>
      run('git', ['--git-dir', remote, 'merge-base', '--is-ancestor', ancestor, of]).then(
        () => true,
        () => false,
      );
    let onNewHead = 0;
    for (const [taskId, sha] of raced) {
      const task = tasks.find((t) => t.id === taskId);
      if (task?.commit && (await isAncestor(sha, task.commit))) onNewHead += 1;
    }
    let personsKept = 0;
    for (const sha of raced.values()) if (await isAncestor(sha, 'main')) personsKept += 1;
    let personsLinesKept = 0;
    for (const { path, line } of wrote) {
      const shown = await run('git', ['--git-dir', remote, 'show', `main:${path}`]).catch(() => ({ stdout: '' }));
      if (shown.stdout.includes(line)) personsLinesKept += 1;
    }
    const racedTasks = [...raced.keys()].map((id) => {
      const task = tasks.find((t) => t.id === id);
      return task
        ? `${task.state} r${task.revision}${task.commit ? '' : `: ${task.reason ?? ''}`}`
        : `${id}: not a task`;
    });
    const figures = await sessionFigures(remote, ended, tasks);
    return {
      ...figures,
      races: raced.size,
      onNewHead,
      personsKept,
      personsLinesKept,
      racedTasks,
      sessionMs: Date.now() - started,
    };
  } finally {
    await pool.close();
    await rt.close();
    await deletePrefix(redisUrl, prefix);
    await rm(dir, { recursive: true, force: true });
  }
}
