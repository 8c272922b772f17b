import type { Task } from '@triad/core';
import { describe, expect, it } from 'vitest';
import { taskBoard } from './task-board';

const task = (patch: Partial<Task>): Task => ({
  id: 's1-c1t1',
  sessionId: 's1',
  cycle: 1,
  title: 'decrypt apps',
  category: 'stability',
  priority: 1,
  findingIds: [],
  state: 'pr_open',
  revision: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...patch,
});
const pr = { number: 4, branch: 'triad/s1/s1-c1t1', head: 'a'.repeat(40), base: 'b'.repeat(40) };

describe('the task board in pr mode', () => {
  it('shows a task whose pull request is open among those waiting for a person, with its link', () => {
    const board = taskBoard([task({ pullRequest: { ...pr, url: 'https://git.example/o/r/pull/4' } })]).value;
    const waiting = board.slice(board.indexOf('Waiting for a person'), board.indexOf('Applying'));
    expect(waiting).toContain('data-state="pr_open"');
    expect(waiting).toContain('href="https://git.example/o/r/pull/4"');
    expect(waiting).toContain('Pull request #4');
  });

  it('never links a pull request URL that is not http(s)', () => {
    const board = taskBoard([task({ pullRequest: { ...pr, url: 'javascript:alert(1)' } })]).value;
    expect(board).not.toContain('javascript:');
  });
});
