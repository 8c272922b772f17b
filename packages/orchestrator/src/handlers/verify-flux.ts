import { TriadError } from '@triad/core';
import { awaitRevision, type ClusterPort, type FluxRef, type ReconcileTargets, revisionJudge } from '@triad/tools';

/** How the Flux objects a commit reaches took it. */
export type FluxOutcome =
  /** `revisions`: what Flux applied, `sha` or a later commit that holds it (someone pushed meanwhile). */
  | { state: 'ready'; ready: FluxRef[]; revisions: string[] }
  /** Flux reported the revision failed: `preexisting` when the object failed the same way before the commit. */
  | { state: 'failed'; ref: FluxRef; reason: string; message: string; preexisting: boolean; revision: string }
  | { state: 'timeout'; waiting: FluxRef[] }
  /** A target is suspended: Flux will not apply the revision until a person resumes it. */
  | { state: 'suspended'; ref: FluxRef };

export const refName = (ref: FluxRef) => `${ref.kind} ${ref.namespace}/${ref.name}`;

/** Revisions in messages differ from run to run; the failure is the same if the rest is. */
const sameFailure = (a: string, b: string) => strip(a) === strip(b);
const strip = (text: string) => text.replace(/[0-9a-f]{40}/g, '<sha>').replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '<time>');

/**
 * Asks Flux to reconcile the sources, then the Kustomizations, and watches each Kustomization until it reports `sha`
 * Ready, or failed, or the deadline passes. The first failure decides. `holds` says whether a later revision Flux reports
 * still holds `sha`: Flux's verdict on it counts, since Flux builds the branch's head and not `sha` alone.
 */
export async function reconcileAndAwait(
  port: ClusterPort,
  targets: ReconcileTargets,
  sha: string,
  deadline: number,
  holds?: (revision: string) => Promise<boolean>,
): Promise<FluxOutcome> {
  const judge = revisionJudge(sha, holds);
  const before = new Map<string, { reason: string; message: string } | undefined>();
  for (const ref of targets.kustomizations) {
    // Flux may have tried `sha` already (it watches the branch too): only a failure at another revision came before.
    const object = await port.get(ref.kind, ref);
    await judge.learn(object);
    const verdict = judge.verdict(object);
    const ready = verdict.state === 'pending' ? verdict.ready : undefined;
    before.set(
      refName(ref),
      ready?.status === 'False' ? { reason: ready.reason ?? '', message: ready.message ?? '' } : undefined,
    );
  }
  for (const ref of [...targets.sources, ...targets.kustomizations]) {
    try {
      await port.requestReconcile(ref);
    } catch (error) {
      if (TriadError.is(error, 'reconcile_suspended')) {
        if (targets.kustomizations.includes(ref)) return { state: 'suspended', ref };
        continue; // a suspended source: Flux still builds from its last artifact
      }
      throw error;
    }
  }
  const verdicts = await Promise.all(
    targets.kustomizations.map(async (ref) => ({
      ref,
      verdict: await awaitRevision(port, ref, sha, { deadline, ...(holds ? { holds } : {}) }),
    })),
  );
  const failed = verdicts.find(({ verdict }) => verdict.state === 'failed');
  if (failed && failed.verdict.state === 'failed') {
    const earlier = before.get(refName(failed.ref));
    const { reason, message, revision } = failed.verdict;
    const preexisting = earlier !== undefined && earlier.reason === reason && sameFailure(earlier.message, message);
    return { state: 'failed', ref: failed.ref, reason, message, preexisting, revision };
  }
  const waiting = verdicts.filter(({ verdict }) => verdict.state === 'pending').map(({ ref }) => ref);
  if (waiting.length > 0) return { state: 'timeout', waiting };
  const revisions = [
    ...new Set(verdicts.flatMap(({ verdict }) => (verdict.state === 'ready' ? [verdict.revision] : []))),
  ];
  return { state: 'ready', ready: targets.kustomizations, revisions };
}
