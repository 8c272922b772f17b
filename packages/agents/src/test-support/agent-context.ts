import { Session } from '@triad/core';
import type { AgentContext } from '../types';

/** An agent context for tests: a running session that never aborts. */
export function testContext(): AgentContext {
  return {
    session: Session.parse({
      id: 's1',
      repo: { url: '/tmp/repo.git' },
      state: 'running',
      createdAt: '2025-01-01T00:00:00Z',
      deadline: '2025-01-03T00:00:00Z',
      durationMs: 172_800_000,
    }),
    signal: new AbortController().signal,
  };
}
