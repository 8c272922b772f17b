import type { ClusterPort, FluxRef } from './cluster-port';
import type { KubeObject } from './kube-object';
import { type RevisionVerdict, revisionVerdict } from './revision-verdict';

export interface AwaitRevisionOptions {
  /** Give up at this instant (ms since the epoch): the verdict stays `pending`. */
  deadline: number;
  signal?: AbortSignal;
}

/**
 * Watches one Flux object until it reports `sha` Ready or failed, or the deadline passes. Reads the object first, then
 * watches from its resourceVersion, so no change between the two is missed; a watch the server ends is started again.
 */
export async function awaitRevision(
  port: ClusterPort,
  ref: FluxRef,
  sha: string,
  options: AwaitRevisionOptions,
): Promise<RevisionVerdict> {
  let verdict = revisionVerdict(undefined, sha);
  while (Date.now() < options.deadline && !options.signal?.aborted) {
    const current = await port.get(ref.kind, ref);
    verdict = revisionVerdict(current, sha);
    if (verdict.state !== 'pending') return verdict;
    verdict = await watchOnce(port, ref, sha, current, options, verdict);
    if (verdict.state !== 'pending') return verdict;
  }
  return verdict;
}

function watchOnce(
  port: ClusterPort,
  ref: FluxRef,
  sha: string,
  current: KubeObject | undefined,
  options: AwaitRevisionOptions,
  pending: RevisionVerdict,
): Promise<RevisionVerdict> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let stop = () => {};
    const finish = (verdict: RevisionVerdict) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      stop();
      resolve(verdict);
    };
    const onAbort = () => finish(pending);
    const timer = setTimeout(() => finish(pending), Math.max(0, options.deadline - Date.now()));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const resourceVersion = current?.metadata?.resourceVersion;
    port
      .watch(
        ref.kind,
        {
          namespace: ref.namespace,
          fieldSelector: `metadata.name=${ref.name}`,
          ...(resourceVersion ? { resourceVersion } : {}),
        },
        (event) => {
          if (event.type === 'BOOKMARK' || event.object.metadata?.name !== ref.name) return;
          const verdict = revisionVerdict(event.object, sha);
          if (verdict.state !== 'pending') finish(verdict);
          else pending = verdict;
        },
      )
      .then(
        (handle) => {
          stop = handle.stop;
          if (settled) handle.stop();
          handle.done.then(() => finish(pending));
        },
        (error: unknown) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          reject(error);
        },
      );
  });
}
