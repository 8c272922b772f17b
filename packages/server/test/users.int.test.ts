import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { newUser } from '../src/auth/new-user';
import { UserDirectory } from '../src/auth/user-directory';
import { readUsersFile } from '../src/auth/users-file';
import { deletePrefix, REDIS_URL } from './harness';

describe('users (real Redis)', () => {
  const prefix = `triadsrv-${randomBytes(4).toString('hex')}`;
  const redis = new Redis(REDIS_URL);
  afterEach(async () => {
    await deletePrefix(prefix);
  });
  afterAll(() => redis.disconnect());

  it('creates an admin on the first start only, when no users are configured', async () => {
    const first = new UserDirectory(redis, `${prefix}:users`, []);
    const second = new UserDirectory(redis, `${prefix}:users`, []);
    const tokens = await Promise.all([first.ensureFirstAdmin(), second.ensureFirstAdmin()]);
    const token = tokens.find(Boolean);
    expect(tokens.filter(Boolean)).toHaveLength(1);
    expect(await first.ensureFirstAdmin()).toBeUndefined();
    expect(await second.authenticate(token ?? '')).toMatchObject({ name: 'admin', role: 'admin' });
    expect(JSON.stringify(await redis.hgetall(`${prefix}:users`))).not.toContain(token?.split('.')[2]);
  });

  it('takes users from a file instead, and then never creates an admin', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'triad-users-'));
    try {
      const alice = await newUser('alice:approver');
      const file = join(dir, 'users.json');
      await writeFile(file, JSON.stringify({ users: [alice.entry] }));
      const directory = new UserDirectory(redis, `${prefix}:users`, await readUsersFile(file));
      expect(await directory.ensureFirstAdmin()).toBeUndefined();
      expect(await directory.authenticate(alice.token)).toMatchObject({ name: 'alice', role: 'approver' });
      expect(await directory.authenticate((await newUser('mallory:admin')).token)).toBeUndefined();

      await writeFile(file, JSON.stringify({ users: [alice.entry, alice.entry] }));
      await expect(readUsersFile(file)).rejects.toMatchObject({ code: 'invalid_users_file' });
      await writeFile(file, '{"users": [{"name": "bob", "role": "root", "tokenHash": "scrypt$x$y"}]}');
      await expect(readUsersFile(file)).rejects.toThrow(/role/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses unknown roles and names that would break the Approved-by trailer', async () => {
    await expect(newUser('carol:root')).rejects.toMatchObject({ code: 'invalid_user' });
    await expect(newUser('a, b:approver')).rejects.toMatchObject({ code: 'invalid_user' });
  });
});
