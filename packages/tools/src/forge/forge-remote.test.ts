import { TriadError } from '@triad/core';
import { describe, expect, it } from 'vitest';
import { parseRemote, resolveForge, splitRepo } from './forge-remote';

describe('resolveForge', () => {
  it('knows github.com, gitlab.com and codeberg.org from the remote, in every URL form git takes', () => {
    expect(resolveForge('git@github.com:homelab/gitops.git')).toEqual({
      kind: 'github',
      apiUrl: 'https://api.github.com',
      repo: 'homelab/gitops',
    });
    expect(resolveForge('https://gitlab.com/ops/homelab/gitops.git')).toEqual({
      kind: 'gitlab',
      apiUrl: 'https://gitlab.com',
      repo: 'ops/homelab/gitops',
    });
    expect(resolveForge('ssh://git@codeberg.org:22/me/flux.git').kind).toBe('gitea');
  });

  it('takes --forge and --forge-url for a self-hosted forge, with the usual API path as default', () => {
    expect(resolveForge('https://git.home.arpa/me/flux', { kind: 'gitea' })).toEqual({
      kind: 'gitea',
      apiUrl: 'https://git.home.arpa/api/v1',
      repo: 'me/flux',
    });
    expect(
      resolveForge('git@git.home.arpa:me/flux.git', { kind: 'gitlab', apiUrl: 'http://10.0.0.5:8080/' }).apiUrl,
    ).toBe('http://10.0.0.5:8080');
  });

  it('says which flag to pass when it cannot tell, in one line', () => {
    const unknown = (() => {
      try {
        resolveForge('https://git.home.arpa/me/flux');
      } catch (error) {
        return error;
      }
    })();
    expect(TriadError.is(unknown, 'forge_unknown')).toBe(true);
    expect((unknown as Error).message).toBe(
      'cannot tell which forge git.home.arpa is: pass --forge github|gitea|gitlab and --forge-url',
    );
    expect(() => resolveForge('/srv/git/homelab.git')).toThrow(/pr mode needs a forge remote.*--forge-repo/);
  });

  it('takes the repository path from --forge-repo when the remote does not show it (a local mirror, an ssh alias)', () => {
    expect(
      resolveForge('/srv/git/homelab.git', {
        kind: 'gitea',
        apiUrl: 'http://127.0.0.1:3000/api/v1/',
        repo: 'me/flux.git',
      }),
    ).toEqual({ kind: 'gitea', apiUrl: 'http://127.0.0.1:3000/api/v1', repo: 'me/flux' });
  });

  it('parses hosts and paths, and splits nested paths at the last slash', () => {
    expect(parseRemote('/srv/git/x.git')).toBeUndefined();
    expect(parseRemote('file:///srv/git/x.git')).toBeUndefined();
    expect(splitRepo('ops/homelab/gitops')).toEqual({ owner: 'ops/homelab', name: 'gitops' });
  });
});
