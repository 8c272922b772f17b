import { count } from '@triad/core';
import { leadsTo, runningSession } from './context';
import { observeCluster } from './observe-cluster';
import { stageHandler } from './stage-handler';

const SKIP_REASON = {
  symlink: 'a symbolic link',
  binary: 'binary or not UTF-8',
  'too-large': 'over 1 MiB',
  submodule: 'a submodule',
} as const;

/** Files that are binary by their nature (pictures, fonts, archives…): counted, not named, when they are skipped. */
const BINARY_BY_NAME =
  /\.(png|jpe?g|gif|webp|avif|ico|icns|bmp|tiff?|psd|pdf|zip|t?gz|tar|xz|bz2|zst|7z|rar|woff2?|ttf|otf|eot|mp[34]|m4a|wav|flac|ogg|webm|mov|jar|class|so|dylib|dll|exe|bin|wasm|db|sqlite3?|kdbx|p12|pfx|der)$/i;

/**
 * What the analyzers could not read, for the observation's line: each file one would expect to be text named with
 * why (at most ten), and the pictures, fonts and archives of the repository counted.
 */
export function skippedText(skipped: readonly { path: string; kind: keyof typeof SKIP_REASON }[]): string {
  const expected = skipped.filter((entry) => entry.kind === 'binary' && BINARY_BY_NAME.test(entry.path));
  const named = skipped.filter((entry) => !expected.includes(entry));
  const parts = [
    ...(named.length
      ? [
          `skipped ${named
            .slice(0, 10)
            .map((entry) => `${entry.path} (${SKIP_REASON[entry.kind]})`)
            .join(', ')}${named.length > 10 ? ` and ${named.length - 10} more` : ''}`,
        ]
      : []),
    ...(expected.length ? [`${count(expected.length, 'binary file')} (pictures, fonts, archives) not read`] : []),
  ];
  return parts.map((part) => `; ${part}`).join('');
}

/** What observe reads and writes: the repository, the cluster, the analyzers, the session and its records. */
export const OBSERVE_CONTEXT = ['sessions', 'records', 'events', 'repos', 'cluster', 'analyze', 'clock'] as const;

/** Reads the repo at the branch's newest revision (and the cluster, when the session has one) and runs the analyzers. */
export const observe = stageHandler(OBSERVE_CONTEXT, async (rt, job) => {
  const session = await runningSession(rt, job);
  if (!session) return 'session not running';
  const cycle = job.data.cycle ?? 1;
  if (!(await rt.records.observation(session.id, cycle))) {
    const { revision, files } = await rt.repos.latest(session.repo);
    const cluster = await observeCluster(rt, session);
    // Files the analyzers could not read are named, with the reason, never skipped silently, nor taken for missing.
    const skipped = await rt.repos.skippedAt(session.repo, revision);
    const findings = rt.analyze(
      files,
      cluster?.objects,
      skipped.map((entry) => entry.path),
    );
    await rt.records.saveObservation(session.id, {
      cycle,
      revision,
      fileCount: files.size,
      findings,
      observedAt: rt.clock().toISOString(),
      ...(cluster ? { cluster: { source: cluster.source, takenAt: cluster.takenAt, summary: cluster.summary } } : {}),
    });
    await rt.sessions.patch(session.id, (current) => ({ cycle: Math.max(current.cycle, cycle) }));
    await rt.events.append(session.id, {
      type: 'observe.completed',
      actor: 'tool',
      message: `cycle ${cycle}: read ${files.size} files at ${revision.slice(0, 8)}${cluster ? ` and cluster ${cluster.source} (${cluster.objects.pods.length} pods)` : ''}, ${findings.length} findings${skippedText(skipped)}`,
      data: {
        skipped: skipped.slice(0, 100).map(({ path, kind }) => ({ path, kind })),
        cycle,
        revision,
        files: files.size,
        findings: findings.length,
        ...(cluster ? { cluster: cluster.source } : {}),
      },
    });
  }
  return leadsTo('observed', [{ stage: 'plan', data: { sessionId: session.id, cycle } }]);
});
