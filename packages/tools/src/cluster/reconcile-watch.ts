import { setLongTimeout } from '@triad/core';
import type { ClusterPort, FluxRef } from './cluster-port';
import type { KubeObject } from './kube-object';
import { type RevisionVerdict, revisionSha, revisionVerdict } from './revision-verdict';

export interface AwaitRevisionOptions {
  /** Give up at this instant (ms since the epoch): the verdict stays `pending`. */
  deadline: number;
  signal?: AbortSignal;
  /**
   * Whether a later commit Flux reports still holds `sha` (descends from it, and does not revert it). With it, a push
   * by someone else after `sha` does not hide the outcome: Flux's verdict on that later revision is the verdict.
   */
  holds?: (revision: string) => Promise<boolean>;
}

/**
 * Judges a Flux object for `sha` or, through `holds`, for a later revision that still holds it. `learn` asks `holds`
 * about each new revision an object reports, once; `verdict` is then synchronous, as a watch callback needs.
 */
export function revisionJudge(sha: string, holds?: (revision: string) => Promise<boolean>) {
  const later = new Map<string, boolean>();
  const revisionsOf = (object: KubeObject | undefined) => {
    const verdict = revisionVerdict(object, sha);
    if (verdict.state !== 'pending' || !holds) return [];
    return [verdict.lastAppliedRevision, verdict.lastAttemptedRevision].flatMap((revision) => {
      const found = revisionSha(revision);
      return found && found !== sha ? [found] : [];
    });
  };
  return {
    /** Revisions `object` reports that `learn` has not judged yet. */
    unknown: (object: KubeObject | undefined) => revisionsOf(object).filter((revision) => !later.has(revision)),
    async learn(object: KubeObject | undefined) {
      for (const revision of revisionsOf(object)) {
        if (!later.has(revision)) later.set(revision, (await holds?.(revision)) ?? false);
      }
    },
    verdict(object: KubeObject | undefined): RevisionVerdict {
      const own = revisionVerdict(object, sha);
      if (own.state !== 'pending') return own;
      for (const revision of revisionsOf(object)) {
        if (!later.get(revision)) continue;
        const verdict = revisionVerdict(object, revision);
        if (verdict.state !== 'pending') return verdict;
      }
      return own;
    },
  };
}

/**
 * Watches one Flux object until it reports `sha` Ready or failed, or the deadline passes. Reads the object first, then
 * watches from its resourceVersion, so no change between the two is missed; a watch the server ends is started again.
 * With `options.holds`, a later revision that still holds `sha` counts as `sha`.
 */
export async function awaitRevision(
  port: ClusterPort,
  ref: FluxRef,
  sha: string,
  options: AwaitRevisionOptions,
): Promise<RevisionVerdict> {
  const judge = revisionJudge(sha, options.holds);
  let verdict = revisionVerdict(undefined, sha);
  while (Date.now() < options.deadline && !options.signal?.aborted) {
    const current = await port.get(ref.kind, ref);
    await judge.learn(current);
    verdict = judge.verdict(current);
    if (verdict.state !== 'pending') return verdict;
    verdict = await watchOnce(port, ref, judge, current, options, verdict);
    if (verdict.state !== 'pending') return verdict;
  }
  return verdict;
}

function watchOnce(
  port: ClusterPort,
  ref: FluxRef,
  judge: ReturnType<typeof revisionJudge>,
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
      timer.clear();
      options.signal?.removeEventListener('abort', onAbort);
      stop();
      resolve(verdict);
    };
    const onAbort = () => finish(pending);
    const timer = setLongTimeout(() => finish(pending), options.deadline - Date.now());
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
          const verdict = judge.verdict(event.object);
          if (verdict.state !== 'pending') finish(verdict);
          else pending = verdict;
          // A revision not judged yet: end this watch, so the loop reads the object again and asks about it.
          if (judge.unknown(event.object).length > 0) finish(pending);
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
          timer.clear();
          reject(error);
        },
      );
  });
}
