import { TriadError } from '@triad/core';
import { FORGE_TOKEN_VARIABLES, type ForgeKind } from './forge-port';

/** A forge's HTTP failure as a TriadError that says what to do: a bad token names its variable; 5xx and 429 retry. */
export function forgeFailure(kind: ForgeKind, status: number | undefined, what: string, cause?: unknown): TriadError {
  if (status === 401 || status === 403) {
    return new TriadError(
      `${kind} refused the token (${status}) while trying to ${what}: check ${FORGE_TOKEN_VARIABLES[kind]} and its scopes`,
      { code: 'forge_auth', domain: 'config', cause },
    );
  }
  if (status === 404) {
    return new TriadError(
      `${kind} has no such repository or request (404) while trying to ${what}: check --forge-url and the remote`,
      {
        code: 'forge_not_found',
        domain: 'config',
        cause,
      },
    );
  }
  const retryable = status === undefined || status === 408 || status === 409 || status === 429 || status >= 500;
  return new TriadError(`${kind} failed to ${what}${status ? ` (${status})` : ''}`, {
    code: 'forge_failed',
    domain: 'git',
    retryable,
    cause,
  });
}

/** The HTTP status an SDK error carries (Octokit's `status`, Gitbeaker's `cause.response.status`). */
export function statusOf(error: unknown): number | undefined {
  const e = error as { status?: unknown; cause?: { response?: { status?: unknown } } } | undefined;
  if (typeof e?.status === 'number') return e.status;
  const nested = e?.cause?.response?.status;
  return typeof nested === 'number' ? nested : undefined;
}
