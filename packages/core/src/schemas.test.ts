import { describe, expect, it } from 'vitest';
import { jobIds } from './ids';
import { compareRisk, maxRisk } from './risk';
import { Session } from './session';

describe('schemas', () => {
  it('fills a session with safe defaults', () => {
    const session = Session.parse({
      id: 's1',
      repo: { url: '/tmp/r.git' },
      state: 'running',
      createdAt: 'a',
      deadline: 'b',
      durationMs: 1000,
    });
    expect(session).toMatchObject({
      mode: 'commit',
      autoApprove: 'medium',
      maxRevisions: 3,
      repo: { branch: 'main' },
      cycle: 0,
    });
    expect(session.models).toEqual({ lead: 'builtin', coLead: 'builtin', cio: 'builtin' });
  });

  it('refuses a mode it does not know, naming the three it does', () => {
    const parsed = Session.shape.mode.safeParse('push');
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toMatch(/commit.*pr.*dry-run/);
  });

  it('orders risk levels', () => {
    expect(compareRisk('low', 'high')).toBeLessThan(0);
    expect(maxRisk('medium', 'critical', 'low')).toBe('critical');
  });

  it('makes job ids BullMQ accepts', () => {
    for (const id of [jobIds.review('s1-t2', 3), jobIds.observe('s1', 2), jobIds.deadline('s1')]) {
      expect(id).not.toContain(':');
    }
    expect(jobIds.review('s1-t2', 3)).toBe('review-s1-t2-r3');
  });
});
