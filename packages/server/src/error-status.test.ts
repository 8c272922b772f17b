import { TriadError } from '@triad/core';
import { describe, expect, it } from 'vitest';
import { statusOf } from './error-status';

const error = (code: string, domain: TriadError['domain'], retryable = false) =>
  new TriadError('x', { code, domain, retryable });

describe('statusOf', () => {
  it('maps missing things to 404, conflicts to 409 and user mistakes to 422', () => {
    expect(statusOf(error('session_not_found', 'user'))).toBe(404);
    expect(statusOf(error('approval_not_found', 'user'))).toBe(404);
    expect(statusOf(error('approval_not_pending', 'user'))).toBe(409);
    expect(statusOf(error('approval_same_person', 'user'))).toBe(409);
    expect(statusOf(error('session_not_running', 'user'))).toBe(409);
    expect(statusOf(error('invalid_duration', 'user'))).toBe(422);
    expect(statusOf(error('branch_not_found', 'user'))).toBe(422);
    expect(statusOf(error('cluster_unavailable', 'config'))).toBe(422);
  });

  it('maps an unreachable Redis to 503 and anything internal to 500', () => {
    expect(statusOf(error('redis_unreachable', 'redis', true))).toBe(503);
    expect(statusOf(error('illegal_transition', 'internal'))).toBe(500);
  });
});
