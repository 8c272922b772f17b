import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { createRedis, type RedisClient } from '../src/redis';
import { deletePrefix, REDIS_URL } from './harness';

/** Counts the writes that reach the client's socket: one per `_write`, one per batch of `_writev`. */
function countWrites(client: RedisClient): { writes: number; chunks: number } {
  const socket = (client as unknown as { stream: Socket }).stream;
  const seen = { writes: 0, chunks: 0 };
  const single = socket._write.bind(socket);
  socket._write = (chunk, encoding, callback) => {
    seen.writes++;
    seen.chunks++;
    single(chunk, encoding, callback);
  };
  const batch = socket._writev?.bind(socket);
  if (batch) {
    socket._writev = (chunks, callback) => {
      seen.writes++;
      seen.chunks += chunks.length;
      batch(chunks, callback);
    };
  }
  return seen;
}

describe("Triad's Redis connections (real Redis)", () => {
  const prefix = `triadtest-${randomBytes(4).toString('hex')}`;
  const clients: RedisClient[] = [];
  const track = <T extends RedisClient>(client: T) => {
    clients.push(client);
    return client;
  };
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.quit()));
    await deletePrefix(prefix);
  });

  it('sends the commands of one turn of the event loop in one socket write, each answered in order', async () => {
    const redis = track(createRedis(REDIS_URL));
    await redis.ping();
    const seen = countWrites(redis);
    // Twenty commands from twenty callers in the same turn, as jobs resumed by one reply packet send them.
    const keys = Array.from({ length: 20 }, (_, i) => `${prefix}:k${i}`);
    const answers = await Promise.all(keys.map((key, i) => redis.set(key, `v${i}`).then(() => redis.get(key))));
    expect(answers).toEqual(keys.map((_, i) => `v${i}`));
    // The twenty SETs leave together, then the twenty GETs their replies set off.
    expect(seen.chunks).toBe(40);
    expect(seen.writes).toBe(2);
  });

  it('a plain ioredis client writes each of them on its own (what the coalescing saves)', async () => {
    const redis = track(new Redis(REDIS_URL));
    await redis.ping();
    const seen = countWrites(redis);
    await Promise.all(Array.from({ length: 20 }, (_, i) => redis.set(`${prefix}:p${i}`, 'x')));
    expect(seen.writes).toBe(20);
  });

  it('keeps coalescing after Redis drops the connection and the client makes a new socket', async () => {
    const redis = track(createRedis(REDIS_URL)) as Redis;
    await redis.ping();
    const first = (redis as unknown as { stream: Socket }).stream;
    const name = `${prefix}-drop-${randomBytes(3).toString('hex')}`;
    await redis.client('SETNAME', name);
    const admin = track(new Redis(REDIS_URL));
    const list = await admin.client('LIST');
    const id = /id=(\d+) [^\n]*name=([^ ]+)/g;
    const mine = [...String(list).matchAll(id)].find((m) => m[2] === name)?.[1];
    expect(mine).toBeDefined();
    const back = new Promise<void>((resolve) => redis.once('ready', () => resolve()));
    await admin.client('KILL', 'ID', mine!);
    await back;
    expect((redis as unknown as { stream: Socket }).stream).not.toBe(first);
    const seen = countWrites(redis);
    await Promise.all(Array.from({ length: 10 }, (_, i) => redis.set(`${prefix}:r${i}`, 'y')));
    expect(seen).toEqual({ writes: 1, chunks: 10 });
  });
});
