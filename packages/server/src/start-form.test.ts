import { describe, expect, it } from 'vitest';
import { StartSessionBody, toSessionRequest } from './session-request';
import { startFormBody } from './start-form';

describe('startFormBody', () => {
  it('turns the posted form into a valid start request', () => {
    const body = StartSessionBody.parse(
      startFormBody({
        repo: ' /srv/git/homelab.git ',
        branch: 'main',
        duration: '8h',
        goals: 'harden media\r\n\r\n fix flux \n',
        maxTokens: '50000',
        maxUsd: '',
        autoApprove: 'low',
        lead: 'builtin',
        coLead: '',
        cio: 'builtin',
        approvalTimeout: '2h',
      }),
    );
    expect(body).toEqual({
      repo: '/srv/git/homelab.git',
      branch: 'main',
      mode: 'commit',
      duration: '8h',
      goals: ['harden media', 'fix flux'],
      budget: { maxTokens: 50000 },
      models: { lead: 'builtin', cio: 'builtin' },
      autoApprove: 'low',
      approvalTimeout: '2h',
    });
  });

  it('carries the mode the form chose, and refuses one it does not know', () => {
    const body = StartSessionBody.parse(startFormBody({ repo: '/srv/git/h.git', mode: 'dry-run' }));
    expect(body.mode).toBe('dry-run');
    expect(StartSessionBody.safeParse(startFormBody({ repo: '/srv/git/h.git', mode: 'yolo' })).success).toBe(false);
  });

  it('carries the forge fields in pr mode only, leaving empty ones to detection from the remote', () => {
    const form = {
      repo: '/srv/git/h.git',
      mode: 'pr',
      forge: 'gitea',
      forgeUrl: ' https://git.home/api/v1 ',
      forgeRepo: '',
    };
    const body = StartSessionBody.parse(startFormBody(form));
    expect(body).toMatchObject({ mode: 'pr', forge: { kind: 'gitea', apiUrl: 'https://git.home/api/v1' } });
    expect(body.forge?.repo).toBeUndefined();
    expect(
      toSessionRequest(body, { lead: 'builtin', coLead: 'builtin', cio: 'builtin' }, 7 * 86_400_000).forge,
    ).toEqual(body.forge);
    expect(StartSessionBody.parse(startFormBody({ ...form, mode: 'commit' })).forge).toBeUndefined();
  });

  it('leaves a missing repository for validation to refuse', () => {
    expect(StartSessionBody.safeParse(startFormBody({ duration: '1h' })).success).toBe(false);
  });
});
