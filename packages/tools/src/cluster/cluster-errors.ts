import { TriadError } from '@triad/core';

/** The HTTP status of a failed API call, when the client got one. */
export function statusOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** A failed API call as a TriadError that says what to do; `what` names the call, e.g. `list Pod`. */
export function clusterError(error: unknown, what: string, source: string): TriadError {
  if (error instanceof TriadError) return error;
  const status = statusOf(error);
  if (status === 401 || status === 403) {
    return new TriadError(
      `the cluster (${source}) refused to ${what} (HTTP ${status}): bind Triad's service account to deploy/kubernetes/rbac.yaml`,
      { code: 'cluster_forbidden', domain: 'cluster', cause: error, details: { status } },
    );
  }
  if (status === 410) {
    return new TriadError(`the cluster (${source}) no longer has the version asked for to ${what}: list again`, {
      code: 'cluster_gone',
      domain: 'cluster',
      retryable: true,
      cause: error,
    });
  }
  const reason = status === undefined ? firstLine(error) : `HTTP ${status}`;
  return new TriadError(`could not ${what} on the cluster (${source}): ${reason}; check the kubeconfig and retry`, {
    code: 'cluster_unreachable',
    domain: 'cluster',
    retryable: true,
    cause: error,
    ...(status === undefined ? {} : { details: { status } }),
  });
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}
