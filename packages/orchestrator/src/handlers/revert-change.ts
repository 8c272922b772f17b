import { type FileEdit, type Session, type Task, TRAILERS, TriadError } from '@triad/core';
import { checkChange } from '@triad/policy';
import { ADR_DIRS, setAdrStatus } from '@triad/reports';
import type { GitWorkspace } from '@triad/tools';
import type { Runtime } from '../runtime';

/** A revert that reached the remote. */
export interface Revert {
  sha: string;
  /** False when an earlier attempt had pushed it already (found by its `Triad-Reverts` trailer). */
  pushed: boolean;
  /** ADR files the reverted commit added, now marked Rejected. */
  rejectedAdrs: string[];
}

/**
 * Reverts `commit` with a new commit through the tool layer: every file it changed goes back to its parent's
 * content, except the ADRs it added, which stay with their status set to Rejected, in the same commit. Never twice:
 * a commit with `Triad-Reverts: <commit>` is looked for first.
 */
export async function revertChange(
  rt: Pick<Runtime, 'repos' | 'config'>,
  session: Session,
  task: Task,
  commit: string,
  why: string,
): Promise<Revert> {
  return rt.repos.run(session.repo, async (git) => {
    const existing = await git.findCommitByTrailer(TRAILERS.reverts, commit);
    if (existing) return { sha: existing, pushed: false, rejectedAdrs: [] };
    const plan = await planRevert(rt, git, session, task, commit, why);
    if (plan.edits.length === 0) {
      const reverted = await git.revert(commit, { message: plan.message, trailers: plan.trailers });
      return { sha: reverted.sha, pushed: true, rejectedAdrs: plan.rejectedAdrs };
    }
    const pushed = await git.commitAndPush(plan, { maxAttempts: 3 });
    return { sha: pushed.sha, pushed: true, rejectedAdrs: plan.rejectedAdrs };
  });
}

/** The revert of one commit as a change to commit: its edits on the current head, message and trailers. */
export interface RevertPlan {
  edits: FileEdit[];
  message: string;
  trailers: Array<[string, string]>;
  /** ADR files the reverted commit added, kept with their status set to Rejected. */
  rejectedAdrs: string[];
}

/**
 * Every file `commit` changed goes back to its (first) parent's content, except the ADRs it added, which are marked
 * Rejected; checked by the guardrails as any change. Refused when a later change touched the same files.
 */
export async function planRevert(
  rt: Pick<Runtime, 'config'>,
  git: GitWorkspace,
  session: Session,
  task: Task,
  commit: string,
  why: string,
): Promise<RevertPlan> {
  const head = await git.sync();
  const after = await git.readFiles(commit);
  const parent = await git.readFiles(`${commit}^`);
  const current = await git.readFiles(head);
  const changed = [...new Set([...after.keys(), ...parent.keys()])].filter((p) => after.get(p) !== parent.get(p));
  const rejectedAdrs: string[] = [];
  const edits: FileEdit[] = changed.sort().map((path) => {
    if (current.get(path) !== after.get(path)) {
      throw new TriadError(
        `reverting ${commit.slice(0, 12)} conflicts with a later change to ${path}: revert it by hand`,
        {
          code: 'revert_conflict',
          domain: 'git',
        },
      );
    }
    const added = after.get(path);
    if (added !== undefined && !parent.has(path) && isAdr(path, rt.config.adrDir)) {
      rejectedAdrs.push(path);
      return { path, before: added, after: setAdrStatus(added, 'Rejected') };
    }
    return { path, before: current.get(path) ?? null, after: parent.get(path) ?? null };
  });
  const message = [
    `Revert ${task.id}: Flux did not accept ${commit.slice(0, 12)}`,
    '',
    why,
    '',
    `This reverts commit ${commit}.`,
    ...(rejectedAdrs.length
      ? [
          '',
          `The decision record${rejectedAdrs.length > 1 ? 's' : ''} it added ${rejectedAdrs.length > 1 ? 'are' : 'is'} kept as Rejected.`,
        ]
      : []),
  ].join('\n');
  const trailers: Array<[string, string]> = [
    [TRAILERS.session, session.id],
    [TRAILERS.task, task.id],
    [TRAILERS.reverts, commit],
  ];
  // Undoing a fix can bring back what the guardrails refuse (a plaintext Secret, a privileged pod): same checks.
  const check = checkChange(current, edits, rt.config.guardrails);
  if (!check.ok) {
    throw new TriadError(
      `reverting ${commit.slice(0, 12)} would bring back what the guardrails refuse (${check.refusals.map((r) => r.rule).join(', ')}): revert it by hand`,
      { code: 'revert_refused', domain: 'guardrail', details: { refusals: check.refusals } },
    );
  }
  return { edits, message, trailers, rejectedAdrs };
}

function isAdr(path: string, adrDir: string): boolean {
  const dirs = [adrDir, ...ADR_DIRS].map((dir) => `${dir.replace(/\/+$/, '')}/`);
  return path.endsWith('.md') && dirs.some((dir) => path.startsWith(dir) && !path.slice(dir.length).includes('/'));
}
