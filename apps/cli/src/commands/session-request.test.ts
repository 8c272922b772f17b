import { describe, expect, it } from 'vitest';
import { readEnv } from '../env';
import { sessionRequest } from './session';

const env = readEnv({ USER: 'test' });

describe('session start flags', () => {
  it.each([
    [{ 'max-tokens': '10abc' }, /^--max-tokens must be a whole number above 0, like 200000, not "10abc"$/],
    [{ 'max-usd': '5usd' }, /^--max-usd must be a number above 0/],
    [{ duration: '0.4ms' }, /^--duration "0.4ms" is too short: use at least 1s$/],
    [{ duration: '30d' }, /^--duration "30d" is longer than the maximum of 7d: use a shorter one$/],
    [{ 'approval-timeout': '1y' }, /^invalid --approval-timeout "1y"/],
    [{ forge: 'github' }, /^--forge is for --mode pr only$/],
    [{ mode: 'dry-run', 'forge-url': 'https://x' }, /^--forge-url is for --mode pr only$/],
    [{ mode: 'pr', forge: 'bitbucket' }, /^--forge must be one of github, gitea, gitlab, not "bitbucket"$/],
    [{ mode: 'pr', 'forge-url': 'git.home' }, /^--forge-url must be the forge's API URL/],
    [{ mode: 'pr', 'forge-repo': 'justaname' }, /^--forge-repo must be owner\/name/],
  ])('refuses %j in one line', (flags, message) => {
    expect(() => sessionRequest({ repo: '/r', ...flags }, env)).toThrow(message);
  });

  it('takes pr mode with its forge flags, and leaves what is not given to detection from the remote', () => {
    const flags = { mode: 'pr', forge: 'gitea', 'forge-url': 'https://git.home.arpa/api/v1', 'forge-repo': 'me/flux' };
    expect(sessionRequest({ repo: '/r', ...flags }, env)).toMatchObject({
      mode: 'pr',
      forge: { kind: 'gitea', apiUrl: 'https://git.home.arpa/api/v1', repo: 'me/flux' },
    });
    const detected = sessionRequest({ repo: 'git@github.com:me/flux.git', mode: 'pr' }, env);
    expect(detected.mode).toBe('pr');
    expect(detected.forge).toBeUndefined();
  });

  it('reads the forge tokens from the environment, never from a flag', () => {
    expect(readEnv({ USER: 'test', GITEA_TOKEN: 'tok' }).GITEA_TOKEN).toBe('tok');
  });

  it('takes durations up to TRIAD_MAX_DURATION', () => {
    const long = readEnv({ USER: 'test', TRIAD_MAX_DURATION: '60d' });
    expect(sessionRequest({ repo: '/r', duration: '30d', 'max-tokens': '5000' }, long)).toMatchObject({
      durationMs: 30 * 86_400_000,
      budget: { maxTokens: 5000 },
    });
  });
});
