import { describe, expect, it } from 'vitest';
import { parseRedisTarget, prefixFor, redisTargetForLog } from './redis-target';

describe('parseRedisTarget', () => {
  it('keeps a redis:// or rediss:// URL as one server', () => {
    expect(parseRedisTarget('redis://:pw@127.0.0.1:6379/2')).toEqual({
      kind: 'standalone',
      url: 'redis://:pw@127.0.0.1:6379/2',
    });
    expect(parseRedisTarget('rediss://cache.example:6380')).toMatchObject({ kind: 'standalone' });
  });

  it('reads the seed nodes and credentials of a cluster', () => {
    expect(parseRedisTarget('redis+cluster://app:s%40cret@10.0.0.1:7000,10.0.0.2,[::1]:7002')).toEqual({
      kind: 'cluster',
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: '10.0.0.2', port: 6379 },
        { host: '::1', port: 7002 },
      ],
      username: 'app',
      password: 's@cret',
      tls: false,
    });
    expect(parseRedisTarget('rediss+cluster://a:7000')).toMatchObject({ kind: 'cluster', tls: true });
  });

  it('reads the sentinels, master name, database and sentinel password', () => {
    expect(parseRedisTarget('redis+sentinel://:pw@s1:26380,s2/mymaster/3?sentinelPassword=sp')).toEqual({
      kind: 'sentinel',
      sentinels: [
        { host: 's1', port: 26380 },
        { host: 's2', port: 26379 },
      ],
      name: 'mymaster',
      db: 3,
      username: undefined,
      password: 'pw',
      sentinelPassword: 'sp',
      tls: false,
    });
  });

  it.each([
    ['http://127.0.0.1:6379', 'use redis://host:port'],
    ['127.0.0.1:6379', 'use redis://host:port'],
    ['redis+sentinel://s1:26379', 'name the master'],
    ['redis+sentinel://s1:26379/m/x', '"x" is not a database number'],
    ['redis+cluster://a:7000/1', 'only database 0'],
    ['redis+cluster://a:99999', '"a:99999" is not a host:port'],
    ['redis+cluster://a b:7000', 'is not a host:port'],
  ])('refuses %s in one line that says what works', (url, hint) => {
    expect(() => parseRedisTarget(url)).toThrow(hint);
  });

  it('never repeats a password in an error or a log line', () => {
    expect(() => parseRedisTarget('redis+sentinel://:hunter2@s1')).toThrow(/^(?!.*hunter2)/);
    expect(redisTargetForLog('redis+sentinel://:hunter2@s1:26379/m')).toBe('redis+sentinel://s1:26379/m');
    expect(redisTargetForLog('redis+cluster://u:hunter2@a:7000,b:7001')).toBe('redis+cluster://a:7000,b:7001');
    expect(redisTargetForLog('redis://u:hunter2@a:6379')).toBe('redis://a:6379');
  });
});

describe('prefixFor', () => {
  it('makes the prefix a hash tag on a cluster only', () => {
    expect(prefixFor(parseRedisTarget('redis+cluster://a:7000'), 'triad')).toBe('{triad}');
    expect(prefixFor(parseRedisTarget('redis://a:6379'), 'triad')).toBe('triad');
    expect(prefixFor(parseRedisTarget('redis+sentinel://a/m'), 'triad')).toBe('triad');
  });
});
