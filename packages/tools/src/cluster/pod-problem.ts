import type { PodSnapshot } from '@triad/core';

/** Restarts at or above this count as a problem even when the pod runs now. */
export const RESTART_PROBLEM = 5;

/**
 * What is wrong with a pod, in words that are the same for every pod with the same problem (no pod names), or
 * undefined when it is healthy. Pods of one owner with the same problem collapse into one line of the summary.
 */
export function podProblem(pod: PodSnapshot): string | undefined {
  const parts: string[] = [];
  for (const container of pod.containers) {
    if (container.waitingReason && container.waitingReason !== 'ContainerCreating') {
      parts.push(`${container.name}: ${container.waitingReason}${detail(container.waitingMessage)}`);
    } else if (container.state === 'terminated' && !container.init && container.terminatedReason !== 'Completed') {
      parts.push(
        `${container.name}: terminated ${container.terminatedReason ?? ''} (exit ${container.exitCode ?? '?'})`,
      );
    }
    if (container.restartCount >= RESTART_PROBLEM) {
      const last = container.terminatedReason ? `, last ${container.terminatedReason}` : '';
      parts.push(`${container.name}: restarting${last}`);
    }
  }
  if (pod.phase === 'Pending' && parts.length === 0) {
    const why = pod.conditions.find((c) => c.reason);
    parts.push(`Pending${why ? `: ${why.reason}${detail(why.message)}` : ''}`);
  }
  if (pod.phase === 'Failed' || pod.phase === 'Unknown') parts.push(pod.phase);
  return parts.length > 0 ? parts.join('; ') : undefined;
}

/** A message with the pod-specific parts (hashes, counts) kept short, so the same problem reads the same. */
function detail(message: string | undefined): string {
  if (!message) return '';
  const trimmed = message.length > 160 ? `${message.slice(0, 157)}...` : message;
  return ` (${trimmed})`;
}
