import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';

// No Docker engine runs in CI, so docker-compose.yml and deploy/Dockerfile are checked by reading them.

const root = fileURLToPath(new URL('../../../', import.meta.url));
const read = (path: string) => readFileSync(join(root, path), 'utf8');

/** The part of the Compose specification this file uses; a shape change fails here, before any assertion. */
const Service = z.object({
  image: z.string().optional(),
  build: z.object({ context: z.string(), dockerfile: z.string() }).optional(),
  command: z.union([z.string(), z.array(z.string())]).optional(),
  /** Map form only; a null value passes the variable through from the host's environment. */
  environment: z.record(z.string(), z.string().nullable()).optional(),
  volumes: z.array(z.string()).optional(),
  ports: z.array(z.string()).optional(),
  depends_on: z.record(z.string(), z.object({ condition: z.string() })).optional(),
  healthcheck: z.object({ test: z.array(z.string()) }).optional(),
});
const Compose = z.object({
  services: z.record(z.string(), Service),
  volumes: z.record(z.string(), z.unknown()).optional(),
});

const compose = Compose.parse(parse(read('docker-compose.yml')));
const service = (name: string) => {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
};
const mountTargets = (volumes: string[] = []) => volumes.map((mount) => mount.split(':')[1]);

describe('docker-compose.yml redis', () => {
  const redis = service('redis');

  it('is Redis 7 with append-only persistence and no eviction, which BullMQ requires', () => {
    expect(redis.image).toMatch(/^redis:7/);
    const command = [redis.command ?? []].flat().join(' ');
    expect(command).toMatch(/--appendonly yes\b/);
    expect(command).toMatch(/--maxmemory-policy noeviction\b/);
  });

  it('keeps /data on a named volume', () => {
    const data = redis.volumes?.find((mount) => mount.split(':')[1] === '/data');
    expect(data, 'a volume mounted at /data').toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toContain(data!.split(':')[0]);
  });

  it('has a redis-cli ping healthcheck', () => {
    expect(redis.healthcheck?.test).toEqual(['CMD', 'redis-cli', 'ping']);
  });
});

describe.each(['worker', 'server'])('docker-compose.yml %s', (name) => {
  const app = service(name);

  it('starts only once redis is healthy', () => {
    expect(app.depends_on?.redis?.condition).toBe('service_healthy');
  });

  it('reaches the redis service through REDIS_URL', () => {
    const url = new URL(app.environment?.REDIS_URL ?? '');
    expect(url.protocol).toBe('redis:');
    expect(url.hostname).toBe('redis');
    expect(Object.keys(compose.services)).toContain(url.hostname);
    expect(url.port).toBe('6379');
  });

  it('is built from deploy/Dockerfile at the repository root', () => {
    expect(app.build).toEqual({ context: '.', dockerfile: 'deploy/Dockerfile' });
    expect(existsSync(join(root, 'deploy/Dockerfile'))).toBe(true);
  });
});

describe('docker-compose.yml commands', () => {
  it("runs the worker through the image's built `triad` bin, with a volume at its workdir", () => {
    const worker = service('worker');
    expect(worker.command).toEqual(['worker']);
    expect(worker.environment?.TRIAD_WORKDIR).toBe('/var/lib/triad');
    expect(mountTargets(worker.volumes)).toContain('/var/lib/triad');
  });

  it('serves the API on 8080 through the same bin', () => {
    const server = service('server');
    expect(server.command).toEqual(['serve', '--port', '8080']);
    expect(server.ports).toContain('8080:8080');
  });

  it('probes the server at /healthz on its own port, and the probe exits 1 on an error status or no answer', async () => {
    const probe = service('server').healthcheck?.test ?? [];
    expect(probe.slice(0, 3)).toEqual(['CMD', 'node', '-e']);
    const script = probe[3] ?? '';
    expect(script).toContain("fetch('http://127.0.0.1:8080/healthz')");
    // Run the probe itself against a loopback server standing in for the API on another port.
    let status = 200;
    const seen: string[] = [];
    const server = createServer((request, response) => {
      seen.push(request.url ?? '');
      response.writeHead(status).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const exitCode = (script: string) =>
      new Promise<number | null>((resolve) =>
        execFile(process.execPath, ['-e', script], (error) => resolve(error ? (error.code as number) : 0)),
      );
    const local = script.replace('127.0.0.1:8080', `127.0.0.1:${port}`);
    try {
      expect(await exitCode(local)).toBe(0);
      status = 503;
      expect(await exitCode(local)).toBe(1);
      expect(seen).toEqual(['/healthz', '/healthz']);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(await exitCode(local)).toBe(1);
  });
});

describe('docker-compose.yml secrets', () => {
  it('passes the model keys through to the worker and the server without a value or default', () => {
    for (const name of ['worker', 'server']) {
      const environment = service(name).environment ?? {};
      for (const key of ['ANTHROPIC_API_KEY', 'GEMINI_API_KEY', 'OPENAI_API_KEY']) {
        expect(environment, `${name}.${key}`).toHaveProperty(key, null);
      }
    }
  });

  it('has no literal value for any secret-looking variable in any service', () => {
    for (const [name, definition] of Object.entries(compose.services)) {
      for (const [key, value] of Object.entries(definition.environment ?? {})) {
        if (!/KEY|TOKEN|SECRET|PASSWORD|CREDENTIAL/i.test(key)) continue;
        // Either passed through (no value) or a bare ${VAR} interpolation: no literal, no `:-default`.
        expect(value === null || /^\$\{[A-Z0-9_]+\}$/.test(value), `${name}.${key}`).toBe(true);
      }
    }
  });
});

describe('deploy/Dockerfile', () => {
  // One instruction per entry: continuation lines joined, comments dropped.
  const instructions = read('deploy/Dockerfile')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((line) => line.trim() && !line.trimStart().startsWith('#'));

  it('is Node 20 on Debian bookworm with git and pnpm 10', () => {
    expect(instructions[0]).toMatch(/^FROM node:20-bookworm-slim\b/);
    expect(instructions.some((line) => /^RUN .*apt-get install [^&]*\bgit\b/.test(line))).toBe(true);
    expect(instructions.some((line) => /^RUN .*npm install -g pnpm@10\.\d+\.\d+/.test(line))).toBe(true);
    expect(instructions.some((line) => /^RUN pnpm install --frozen-lockfile\b/.test(line))).toBe(true);
  });

  it('runs as a non-root user from /app', () => {
    expect(instructions).toContain('WORKDIR /app');
    const user = instructions.filter((line) => line.startsWith('USER ')).at(-1);
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^USER (root|0)(:|$)/);
  });

  // The image that runs: the instructions after the last FROM.
  const runtime = instructions.slice(instructions.findLastIndex((line) => line.startsWith('FROM ')));

  it('runs the built CLI (apps/cli/dist, deployed with its production dependencies) with no TypeScript runner', () => {
    const bin = JSON.parse(read('apps/cli/package.json')).bin.triad as string;
    expect(bin).toBe('./dist/main.js');
    expect(instructions.some((line) => /^RUN pnpm --filter @triad\/cli build\b/.test(line))).toBe(true);
    expect(instructions.some((line) => /pnpm --filter @triad\/cli deploy .*--prod .*\/app$/.test(line))).toBe(true);
    expect(runtime).toContain('COPY --from=build /app /app');
    expect(runtime).toContain('ENTRYPOINT ["node", "/app/dist/main.js"]');
    expect(runtime.join('\n')).not.toMatch(/\btsx\b|\bpnpm\b/);
  });

  it('runs as a numeric non-root user, so that Kubernetes runAsNonRoot can check it, owning only its workdir', () => {
    const user = runtime.filter((line) => line.startsWith('USER ')).at(-1) ?? '';
    const [uid, gid] = user
      .replace(/^USER /, '')
      .split(':')
      .map(Number);
    expect(uid).toBeGreaterThan(0);
    expect(gid).toBeGreaterThan(0);
    expect(runtime.some((line) => line.includes(`chown ${uid}:${gid} /var/lib/triad`))).toBe(true);
    expect(runtime).toContain('ENV TRIAD_WORKDIR=/var/lib/triad NODE_ENV=production');
  });
});
