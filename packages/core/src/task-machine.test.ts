import { describe, expect, it } from 'vitest';
import { TriadError } from './errors';
import { TASK_STATES, type Task, type TaskState } from './task';
import { canTransition, isTerminal, TERMINAL_STATES, TRANSITIONS, transition } from './task-machine';

const task = (state: TaskState): Task => ({
  id: 's1-t1',
  sessionId: 's1',
  cycle: 1,
  title: 't',
  category: 'security',
  priority: 0,
  findingIds: [],
  state,
  revision: 0,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

// The flow of DESIGN.md, written out independently of the table so a change to either is caught.
const EXPECTED: Array<[TaskState, TaskState]> = [
  ['planned', 'drafting'],
  ['drafting', 'under_review'],
  ['under_review', 'changes_requested'],
  ['changes_requested', 'drafting'],
  ['under_review', 'awaiting_approval'],
  ['under_review', 'applying'],
  ['under_review', 'proposed'],
  ['awaiting_approval', 'applying'],
  ['applying', 'verifying'],
  ['applying', 'applied'],
  ['applying', 'changes_requested'],
  // pr mode: the pull request is open; merged → verify (applied without a cluster), closed → rejected.
  ['applying', 'pr_open'],
  ['pr_open', 'verifying'],
  ['pr_open', 'applied'],
  ['pr_open', 'rejected'],
  ['pr_open', 'failed'],
  ['verifying', 'verified'],
  ['verifying', 'rolled_back'],
  ['under_review', 'rejected'],
  ['changes_requested', 'rejected'],
  ['awaiting_approval', 'rejected'],
  ['awaiting_approval', 'changes_requested'],
  ['drafting', 'failed'],
  ['under_review', 'failed'],
  ['applying', 'failed'],
  ['verifying', 'failed'],
  ['planned', 'deferred'],
  ['drafting', 'deferred'],
  ['under_review', 'deferred'],
  ['changes_requested', 'deferred'],
  ['awaiting_approval', 'deferred'],
  ['planned', 'expired'],
  ['drafting', 'expired'],
];

describe('task state machine', () => {
  it('allows exactly the transitions of the design, for every pair of states', () => {
    const allowed = new Set(EXPECTED.map(([from, to]) => `${from}>${to}`));
    for (const from of TASK_STATES) {
      for (const to of TASK_STATES) {
        const legal = allowed.has(`${from}>${to}`);
        expect(canTransition(from, to), `${from} -> ${to}`).toBe(legal);
        if (legal) {
          const next = transition(task(from), to, { at: '2026-01-02T00:00:00.000Z', reason: 'why' });
          expect(next).toMatchObject({ state: to, updatedAt: '2026-01-02T00:00:00.000Z', reason: 'why' });
        } else {
          expect(() => transition(task(from), to, { at: 'x' })).toThrowError(TriadError);
        }
      }
    }
  });

  it('names the task and both states when it refuses', () => {
    try {
      transition(task('applied'), 'drafting', { at: 'x' });
      expect.unreachable();
    } catch (error) {
      expect(TriadError.is(error, 'illegal_transition')).toBe(true);
      expect((error as Error).message).toBe('task s1-t1 cannot go from applied to drafting');
    }
  });

  it('has the end states of the design and nothing else terminal', () => {
    expect([...TERMINAL_STATES].sort()).toEqual(
      ['applied', 'deferred', 'expired', 'failed', 'proposed', 'rejected', 'rolled_back', 'verified'].sort(),
    );
    for (const state of TERMINAL_STATES) expect(isTerminal(state)).toBe(true);
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...TASK_STATES].sort());
  });

  it('ends a dry-run task at proposed: reviewed and assessed, never applied afterwards', () => {
    const proposed = transition(task('under_review'), 'proposed', { at: 'later', reason: 'dry run' });
    expect(proposed).toMatchObject({ state: 'proposed', reason: 'dry run' });
    expect(isTerminal('proposed')).toBe(true);
    expect(canTransition('proposed', 'applying')).toBe(false);
    expect(canTransition('awaiting_approval', 'proposed')).toBe(false);
  });

  it('does not mutate the task it is given', () => {
    const before = task('planned');
    transition(before, 'drafting', { at: 'later' });
    expect(before.state).toBe('planned');
  });
});
