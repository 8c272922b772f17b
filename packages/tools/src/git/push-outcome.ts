import { TriadError } from '@triad/core';
import { gitFailure } from './run-git';

/** How a push ended when it did not land: the remote moved under us (fetch, rebase, try again) or it failed for good. */
export type PushOutcome = 'pushed' | 'remote_moved';

/** Git's words for "someone else pushed first": client-side (non-fast-forward) or server-side (the ref lock lost). */
const REMOTE_MOVED = [
  /\[rejected\].*\((fetch first|non-fast-forward|stale info)\)/,
  /\[remote rejected\].*\((failed to update ref|cannot lock ref|incorrect old value provided)/,
];

/** Maps a failed `git push` to `remote_moved`, or throws TriadError `push_failed`. */
export function classifyPushFailure(error: unknown, url: string, branch: string): 'remote_moved' {
  const failure = gitFailure(error);
  if (!failure) throw error;
  const output = `${failure.stdout}\n${failure.stderr}`;
  if (REMOTE_MOVED.some((pattern) => pattern.test(output))) return 'remote_moved';
  const declined = /\[remote rejected\]/.test(output);
  const reason = /\[remote rejected\][^\n]*\(([^)]*)\)/.exec(output)?.[1] ?? (error as Error).message;
  throw new TriadError(
    declined
      ? `${url} declined the push to ${branch} (${reason}): check the branch protection or hooks on the remote`
      : `push to ${branch} of ${url} failed: ${reason}`,
    { code: 'push_failed', domain: 'git', retryable: !declined, cause: error, details: { url, branch } },
  );
}
