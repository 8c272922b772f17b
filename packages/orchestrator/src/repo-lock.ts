import { createHash } from 'node:crypto';
import type { RedisKeys } from './keys';
import type { RedisClient } from './redis';
import { luaScript } from './stores/lua';

const RELEASE = luaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`);

/**
 * Serialises writes to one repository across every worker. The holder is named by the job that holds it, so a
 * retry of the same job after a crash takes the lock back at once instead of waiting for it to expire.
 */
export class RepoLock {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly ttlMs: number,
  ) {}

  private key(repoUrl: string) {
    return this.keys.repoLock(createHash('sha1').update(repoUrl).digest('hex').slice(0, 16));
  }

  async acquire(repoUrl: string, holder: string): Promise<boolean> {
    const key = this.key(repoUrl);
    if ((await this.redis.set(key, holder, 'PX', this.ttlMs, 'NX')) !== null) return true;
    // A retry of the job that held it: the earlier attempt is gone (BullMQ gives a job to one worker at a time).
    const current = await this.redis.get(key);
    if (current !== holder) return false;
    await this.redis.pexpire(key, this.ttlMs);
    return true;
  }

  async release(repoUrl: string, holder: string): Promise<void> {
    await RELEASE(this.redis, [this.key(repoUrl)], [holder]);
  }
}
