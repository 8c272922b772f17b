import { TriadError } from './errors';
import type { Task, TaskState } from './task';

/**
 * Every legal move of a task. `proposed` is the end of a dry-run task: reviewed and assessed, its diff recorded,
 * nothing pushed. `applying → changes_requested`: the branch moved under an approved change and its edits no longer
 * apply, so it is drafted again on the new head. `awaiting_approval → changes_requested`: a person asked for changes.
 * `expired` means the findings a task was planned for no longer hold when it is drafted (fixed meanwhile); `pr_open` is
 * a pr-mode task whose pull request waits for a person on the forge: merged it goes on to verify (or `applied` without
 * a cluster), closed unmerged it is `rejected`; `deferred` means time, budget, a stop or an unanswered approval left it
 * for a person.
 */
export const TRANSITIONS: Readonly<Record<TaskState, readonly TaskState[]>> = {
  planned: ['drafting', 'deferred', 'expired'],
  drafting: ['under_review', 'failed', 'deferred', 'expired'],
  under_review: ['changes_requested', 'awaiting_approval', 'applying', 'proposed', 'rejected', 'failed', 'deferred'],
  changes_requested: ['drafting', 'rejected', 'deferred'],
  awaiting_approval: ['applying', 'rejected', 'changes_requested', 'deferred'],
  applying: ['pr_open', 'verifying', 'applied', 'failed', 'changes_requested'],
  pr_open: ['verifying', 'applied', 'rejected', 'failed'],
  verifying: ['verified', 'rolled_back', 'failed'],
  verified: [],
  applied: [],
  proposed: [],
  rejected: [],
  failed: [],
  rolled_back: [],
  deferred: [],
  expired: [],
};

export const TERMINAL_STATES: readonly TaskState[] = (Object.keys(TRANSITIONS) as TaskState[]).filter(
  (state) => TRANSITIONS[state].length === 0,
);

/** States a deadline or a stop may still cut short: nothing has been pushed yet. */
export const PRE_APPLY_STATES: readonly TaskState[] = [
  'planned',
  'drafting',
  'under_review',
  'changes_requested',
  'awaiting_approval',
];

export function isTerminal(state: TaskState): boolean {
  return TRANSITIONS[state].length === 0;
}

export function canTransition(from: TaskState, to: TaskState): boolean {
  return TRANSITIONS[from].includes(to);
}

export interface TransitionOptions {
  at: string;
  reason?: string;
}

/** Pure: returns the task in its new state, or throws `illegal_transition`. */
export function transition(task: Task, to: TaskState, options: TransitionOptions): Task {
  if (!canTransition(task.state, to)) {
    throw new TriadError(`task ${task.id} cannot go from ${task.state} to ${to}`, {
      code: 'illegal_transition',
      domain: 'internal',
      details: { taskId: task.id, from: task.state, to },
    });
  }
  const next: Task = { ...task, state: to, updatedAt: options.at };
  if (options.reason !== undefined) next.reason = options.reason;
  return next;
}
