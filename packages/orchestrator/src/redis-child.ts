import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** A redis-server child for tests that take Redis away: append-only on disk, so a kill and a restart keep the data. */
export interface RedisChild {
  url: string;
  port: number;
  /** Kills the server with SIGKILL (no shutdown save: only the append-only file survives) and waits for it to exit. */
  kill(): Promise<void>;
  /** Starts the server again on the same port and data directory; resolves once it accepts connections. */
  restart(): Promise<void>;
  /** Kills it for good. */
  stop(): Promise<void>;
}

/** Starts redis-server on a free loopback port with AOF (`appendfsync always`) in `dir`. */
export async function startRedisChild(dir: string): Promise<RedisChild> {
  const port = await freePort();
  let child = await launch(port, dir);
  const kill = () => killChild(child);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill,
    async restart() {
      await kill();
      child = await launch(port, dir);
    },
    stop: kill,
  };
}

function launch(port: number, dir: string): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--dir', dir];
  return spawnRedisServer([...args, '--appendonly', 'yes', '--appendfsync', 'always'], 'Ready to accept connections');
}

/** Starts `redis-server <args>` and resolves once its log says `readyText`; a failed start rejects with its output. */
export async function spawnRedisServer(args: string[], readyText: string): Promise<ChildProcess> {
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start within 10 s: ${output}`)), 10_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`could not start redis-server (${error.message}): install the redis-server package`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}: ${output}`));
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(readyText)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  child.removeAllListeners('exit');
  return child;
}

/** Sends SIGKILL to `child` unless it has exited, and waits for it to exit. */
export async function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port')),
      );
    });
  });
}
