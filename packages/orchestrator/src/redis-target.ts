import { TriadError } from '@triad/core';

/** A host and port of a Redis node or Sentinel. */
export interface RedisNode {
  host: string;
  port: number;
}

/**
 * Where Triad's Redis is, read from `REDIS_URL`:
 * - `redis://[user:password@]host:port[/db]` (or `rediss://` for TLS): one server;
 * - `redis+cluster://[user:password@]host:port[,host:port…]`: a Redis Cluster, found from any of the seed nodes;
 * - `redis+sentinel://[user:password@]host:port[,host:port…]/<master name>[/db][?sentinelPassword=…]`: the master
 *   that the Sentinels name, followed across failovers.
 */
export type RedisTarget =
  | { kind: 'standalone'; url: string }
  | { kind: 'cluster'; nodes: RedisNode[]; username?: string; password?: string; tls: boolean }
  | {
      kind: 'sentinel';
      sentinels: RedisNode[];
      name: string;
      db: number;
      username?: string;
      password?: string;
      sentinelPassword?: string;
      tls: boolean;
    };

const SCHEMES = ['redis:', 'rediss:', 'redis+cluster:', 'rediss+cluster:', 'redis+sentinel:', 'rediss+sentinel:'];

/** Parses `REDIS_URL`; anything else is one line that says which forms work. */
export function parseRedisTarget(url: string): RedisTarget {
  const scheme = /^([a-z+]+:)\/\//i.exec(url)?.[1]?.toLowerCase();
  if (!scheme || !SCHEMES.includes(scheme)) {
    throw invalid(
      url,
      'use redis://host:port, redis+cluster://host:port,host:port or redis+sentinel://host:port/master',
    );
  }
  if (scheme === 'redis:' || scheme === 'rediss:') return { kind: 'standalone', url };
  const tls = scheme.startsWith('rediss');
  // URL cannot hold a list of hosts, so the authority is split by hand and each host:port checked.
  const rest = url.slice(scheme.length + 2);
  const slash = rest.search(/[/?]/);
  const authority = slash === -1 ? rest : rest.slice(0, slash);
  const tail = slash === -1 ? '' : rest.slice(slash);
  const at = authority.lastIndexOf('@');
  const { username, password } = credentials(at === -1 ? '' : authority.slice(0, at));
  const defaultPort = scheme.endsWith('sentinel:') ? 26379 : 6379;
  const nodes = (at === -1 ? authority : authority.slice(at + 1))
    .split(',')
    .map((node) => parseNode(url, node, defaultPort));
  const parsedTail = new URL(`http://x${tail.startsWith('?') ? `/${tail}` : tail}`);
  if (scheme.endsWith('cluster:')) {
    if (parsedTail.pathname !== '/' && parsedTail.pathname !== '') {
      throw invalid(url, 'a Redis Cluster has only database 0: remove the path after the hosts');
    }
    return { kind: 'cluster', nodes, username, password, tls };
  }
  const [name, db = '0'] = parsedTail.pathname.split('/').filter(Boolean);
  if (!name) throw invalid(url, 'name the master after the hosts, as in redis+sentinel://host:26379/mymaster');
  if (!/^\d+$/.test(db)) throw invalid(url, `"${db}" is not a database number`);
  const sentinelPassword = parsedTail.searchParams.get('sentinelPassword') ?? undefined;
  return {
    kind: 'sentinel',
    sentinels: nodes,
    name: decodeURIComponent(name),
    db: Number(db),
    username,
    password,
    sentinelPassword,
    tls,
  };
}

/**
 * The key prefix Triad uses on `target`. On a Cluster every key of one deployment must hash to one slot (BullMQ's Lua
 * scripts and Triad's transactions touch several keys at once), so the prefix becomes a hash tag: `{triad}`.
 */
export function prefixFor(target: RedisTarget, prefix: string): string {
  return target.kind === 'cluster' ? `{${prefix}}` : prefix;
}

/** `url` without passwords, fit for a log line. */
export function redisTargetForLog(url: string): string {
  try {
    const target = parseRedisTarget(url);
    if (target.kind === 'standalone') {
      const parsed = new URL(url);
      parsed.username = '';
      parsed.password = '';
      return parsed.toString().replace(/\/$/, '');
    }
    const scheme = url.slice(0, url.indexOf('://'));
    const nodes = (target.kind === 'cluster' ? target.nodes : target.sentinels).map((n) => `${n.host}:${n.port}`);
    return `${scheme}://${nodes.join(',')}${target.kind === 'sentinel' ? `/${target.name}` : ''}`;
  } catch {
    return 'the configured REDIS_URL';
  }
}

function credentials(userinfo: string): { username?: string; password?: string } {
  if (userinfo === '') return {};
  const colon = userinfo.indexOf(':');
  const username = decodeURIComponent(colon === -1 ? userinfo : userinfo.slice(0, colon));
  const password = colon === -1 ? undefined : decodeURIComponent(userinfo.slice(colon + 1));
  return { username: username === '' ? undefined : username, password };
}

function parseNode(url: string, node: string, defaultPort: number): RedisNode {
  const match = /^(\[[0-9a-f:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?$/i.exec(node);
  const port = Number(match?.[2] ?? defaultPort);
  if (!match?.[1] || port < 1 || port > 65535) throw invalid(url, `"${node}" is not a host:port`);
  return { host: match[1].replace(/^\[|\]$/g, ''), port };
}

function invalid(url: string, hint: string): TriadError {
  // The URL itself may carry a password: only its scheme is repeated.
  const scheme = /^([a-z+]+):\/\//i.exec(url)?.[1];
  const shown = scheme ? `REDIS_URL (${scheme}://…)` : 'REDIS_URL';
  return new TriadError(`${shown} is not a Redis address Triad can use: ${hint}`, {
    code: 'invalid_redis_url',
    domain: 'user',
  });
}
