import type { Task } from '@triad/core';
import { describe, expect, it } from 'vitest';
import { taskRows } from './format';

const task: Task = {
  id: 's1-c1t1',
  sessionId: 's1',
  cycle: 1,
  title: 'decrypt apps',
  category: 'stability',
  priority: 1,
  findingIds: [],
  state: 'pr_open',
  revision: 1,
  risk: 'low',
  pullRequest: {
    number: 4,
    url: 'https://github.com/me/flux/pull/4',
    branch: 'triad/s1/s1-c1t1',
    head: 'a'.repeat(40),
    base: 'b'.repeat(40),
  },
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('task rows of session show', () => {
  it('shows an open pull request by number and link, where a commit would be', () => {
    expect(taskRows([task])).toEqual([
      ['s1-c1t1', 'pr_open', 'low', '#4', 'decrypt apps (https://github.com/me/flux/pull/4)'],
    ]);
  });

  it('shows the merge commit once the request is merged', () => {
    const merged = { ...task, state: 'verified' as const, commit: 'c'.repeat(40) };
    expect(taskRows([merged])[0]).toEqual(['s1-c1t1', 'verified', 'low', 'cccccccc', 'decrypt apps']);
  });
});
