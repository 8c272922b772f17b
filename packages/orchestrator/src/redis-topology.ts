import { type ChildProcess, execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { freePort, killChild, spawnRedisServer } from './redis-child';

const run = promisify(execFile);

/** Redis processes a test started, and the `REDIS_URL` that reaches them. */
export interface RedisTopology {
  url: string;
  /** Ports of the data nodes (the cluster's masters, or the one master behind the Sentinel). */
  ports: number[];
  stop(): Promise<void>;
}

/** Starts `masters` cluster-enabled redis-servers on loopback ports in `dir` and joins them with `redis-cli --cluster create`. */
export async function startRedisCluster(dir: string, masters = 3): Promise<RedisTopology> {
  const children: ChildProcess[] = [];
  const stop = async () => {
    for (const child of children) await killChild(child);
  };
  try {
    const ports: number[] = [];
    for (let i = 0; i < masters; i++) {
      const port = await freePort();
      const nodeDir = join(dir, `node-${port}`);
      await mkdir(nodeDir, { recursive: true });
      children.push(
        await spawnRedisServer(
          [
            ...['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', nodeDir],
            ...['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', '5000'],
          ],
          'Ready to accept connections',
        ),
      );
      ports.push(port);
    }
    const nodes = ports.map((port) => `127.0.0.1:${port}`);
    await run('redis-cli', ['--cluster', 'create', ...nodes, '--cluster-replicas', '0', '--cluster-yes'], {
      timeout: 30_000,
    });
    for (const port of ports)
      await untilAnswers(port, ['CLUSTER', 'INFO'], (info) => info.includes('cluster_state:ok'));
    return { url: `redis+cluster://${nodes.join(',')}`, ports, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Starts one redis-server and one Sentinel that monitors it as `name`. */
export async function startRedisSentinel(dir: string, name = 'triadmaster'): Promise<RedisTopology> {
  const children: ChildProcess[] = [];
  const stop = async () => {
    for (const child of children.reverse()) await killChild(child);
  };
  try {
    const masterPort = await freePort();
    children.push(
      await spawnRedisServer(
        ['--port', String(masterPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
        'Ready to accept connections',
      ),
    );
    const sentinelPort = await freePort();
    // A Sentinel rewrites its configuration file, so it gets one of its own.
    const config = join(dir, 'sentinel.conf');
    await writeFile(
      config,
      [
        `port ${sentinelPort}`,
        'bind 127.0.0.1',
        `dir ${dir}`,
        `sentinel monitor ${name} 127.0.0.1 ${masterPort} 1`,
        `sentinel down-after-milliseconds ${name} 5000`,
        '',
      ].join('\n'),
    );
    children.push(await spawnRedisServer([config, '--sentinel'], '+monitor master'));
    await untilAnswers(sentinelPort, ['SENTINEL', 'get-master-addr-by-name', name], (reply) =>
      reply.includes(String(masterPort)),
    );
    return { url: `redis+sentinel://127.0.0.1:${sentinelPort}/${name}`, ports: [masterPort], stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Asks the node at `port` until `ready(reply)` holds, for at most 20 s (each answer is a condition, not a sleep). */
async function untilAnswers(port: number, command: string[], ready: (reply: string) => boolean): Promise<void> {
  const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 1 });
  client.on('error', () => {});
  const giveUp = Date.now() + 20_000;
  let last = '';
  try {
    await client.connect();
    while (Date.now() < giveUp) {
      const [name, ...args] = command as [string, ...string[]];
      last = JSON.stringify(await client.call(name, ...args));
      if (ready(last)) return;
      await new Promise((resolve) => setTimeout(resolve, 100)); // poll interval of a readiness probe
    }
    throw new Error(`redis on port ${port} not ready after 20 s: ${command.join(' ')} answered ${last}`);
  } finally {
    client.disconnect();
  }
}
