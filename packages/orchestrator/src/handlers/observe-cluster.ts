import { type Session, TriadError } from '@triad/core';
import { type ClusterObjects, readCluster, renderSummary, summarizeSnapshot } from '@triad/tools';
import type { Runtime } from '../runtime';

/** What one observation read of the session's cluster. */
export interface ClusterObservation {
  objects: ClusterObjects;
  source: string;
  takenAt: string;
  /** The snapshot as a model reads it: grows with the number of distinct problems, not of pods. */
  summary: string;
}

/**
 * Reads the session's cluster, or undefined when the session has none. A cluster that cannot be read is written to
 * the event log and the cycle goes on with the repository alone.
 */
export async function observeCluster(
  rt: Pick<Runtime, 'cluster' | 'clock' | 'events'>,
  session: Session,
): Promise<ClusterObservation | undefined> {
  if (!session.cluster) return undefined;
  try {
    const { objects, snapshot } = await readCluster(rt.cluster(session.cluster), { now: rt.clock() });
    return {
      objects,
      source: snapshot.source,
      takenAt: snapshot.takenAt,
      summary: renderSummary(summarizeSnapshot(snapshot)),
    };
  } catch (error) {
    if (!TriadError.is(error) || error.domain !== 'cluster') throw error;
    await rt.events.append(session.id, {
      type: 'error',
      actor: 'tool',
      message: `the cluster was not read this cycle: ${error.message}`,
      data: { code: error.code },
    });
    return undefined;
  }
}
