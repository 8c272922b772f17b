import { Session } from '@triad/core';
import { describe, expect, it } from 'vitest';
import { sessionPage } from './session-page';

const running = Session.parse({
  id: '20260101-abcdef',
  repo: { url: '/r.git', branch: 'main' },
  state: 'running',
  createdAt: '2026-01-01T00:00:00.000Z',
  deadline: '2026-01-01T10:00:00.000Z',
  durationMs: 10 * 3600_000,
});

const page = (session: Session) =>
  sessionPage({}, { session, tasks: [], events: [], hasReport: false }, Date.parse('2026-01-01T01:00:00.000Z')).value;

describe('the session page without tasks', () => {
  it('says the Lead will plan them while the session runs', () => {
    expect(page(running)).toContain('No tasks yet: the Lead plans them');
  });

  it('says none were planned once the session has ended, instead of promising more', () => {
    const ended = page({ ...running, state: 'ended', endReason: 'completed' });
    expect(ended).toContain('The session planned no task.');
    expect(ended).not.toContain('No tasks yet');
  });
});

describe('the session page of a pr-mode session', () => {
  it('says where its pull requests go', () => {
    const pr = {
      ...running,
      mode: 'pr' as const,
      forge: { kind: 'gitea' as const, apiUrl: 'https://git.home/api/v1', repo: 'me/flux' },
    };
    expect(page(pr)).toContain('<strong id="session-mode">pr</strong> (a pull request per change on gitea me/flux)');
  });
});
