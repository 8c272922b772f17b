import type { TriadError } from '@triad/core';

/** Codes that mean "what the URL names does not exist" (a wrong branch in a request body is a 422, not a 404). */
const MISSING = new Set([
  'session_not_found',
  'task_not_found',
  'approval_not_found',
  'report_not_found',
  'adr_not_found',
  'adrs_not_found',
]);
/** Codes that mean "the thing is there, but not in a state that allows this". */
const CONFLICTS = new Set(['approval_not_pending', 'approval_same_person', 'session_not_running']);

/** The HTTP status a TriadError maps to: 404 for what is missing, 409 for a conflict, 422 for what a user got wrong. */
export function statusOf(error: TriadError): number {
  if (MISSING.has(error.code)) return 404;
  if (CONFLICTS.has(error.code)) return 409;
  if (error.domain === 'user' || error.domain === 'config' || error.domain === 'guardrail') return 422;
  if (error.domain === 'redis' || error.retryable) return 503;
  return 500;
}
