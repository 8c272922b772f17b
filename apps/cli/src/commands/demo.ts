import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertRedisReachable } from '@triad/orchestrator';
import { createBareRemote, HOMELAB_EXAMPLE } from '@triad/sim';
import { auditLog } from '../demo-repo';
import type { CliEnv } from '../env';
import { type LocalRedis, startLocalRedis } from '../local-redis';
import { report } from './report';
import { start } from './session';

/**
 * `triad demo`: a short session with the built-in agents on a copy of examples/homelab pushed to a bare repository
 * in a temp dir, with workers in this process. Uses the Redis at REDIS_URL, or starts its own redis-server child.
 */
export async function demo(flags: { duration?: string; json?: boolean; cluster?: string }, env: CliEnv) {
  const dir = await mkdtemp(join(tmpdir(), 'triad-demo-'));
  const { remote: repo } = await createBareRemote(HOMELAB_EXAMPLE, dir);
  console.log(`demo GitOps remote: ${repo} (a copy of examples/homelab)`);

  let redis: LocalRedis | undefined;
  const reachable = await assertRedisReachable(env.REDIS_URL).then(
    () => true,
    () => false,
  );
  if (!reachable) {
    redis = await startLocalRedis();
    console.log(`no Redis at ${env.REDIS_URL}: started redis-server at ${redis.url} for this demo`);
  }
  try {
    const demoEnv = { ...env, REDIS_URL: redis?.url ?? env.REDIS_URL, TRIAD_WORKDIR: join(dir, 'work') };
    // High-risk changes wait for a person; in the demo nobody answers, so after a short wait they go to the
    // report's next-human-session list, as they would at a real session's end.
    const session = await start(
      {
        repo,
        duration: flags.duration ?? '10m',
        'approval-timeout': '20s',
        local: true,
        wait: true,
        ...(flags.cluster ? { cluster: flags.cluster } : {}),
      },
      demoEnv,
    );
    console.log('\n');
    await report(session.id, { format: 'md' }, demoEnv);
    console.log('\nWhat landed in the GitOps repo (git log with trailers):\n');
    console.log(await auditLog(repo));
    console.log(`\nInspect it: git clone ${repo} && cat <clone>/${session.report?.path ?? 'docs/sessions/*.md'}`);
    return session;
  } finally {
    redis?.stop();
  }
}
