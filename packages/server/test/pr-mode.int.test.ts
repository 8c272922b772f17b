import { stopSession } from '@triad/orchestrator';
import { afterEach, describe, expect, it } from 'vitest';
import { type ServerRig, startServerRig } from './harness';

const forge = { kind: 'gitea', apiUrl: 'http://127.0.0.1:9/api/v1', repo: 'homelab/gitops' };

describe('starting a pr-mode session through the API (app.inject, real Redis)', () => {
  let rig: ServerRig | undefined;
  afterEach(async () => {
    await rig?.close();
    rig = undefined;
  });

  it('refuses it with 422 naming the variable when the server has no token for the forge', async () => {
    rig = await startServerRig();
    const post = await rig.app.inject({
      method: 'POST',
      url: '/api/sessions',
      headers: rig.as('alice'),
      payload: { repo: rig.remote, duration: '1h', mode: 'pr', forge },
    });
    expect(post.statusCode).toBe(422);
    expect(post.json()).toMatchObject({ code: 'forge_token_missing', message: expect.stringContaining('GITEA_TOKEN') });
    expect(await rig.rt.sessions.list()).toEqual([]);
  });

  it('records the forge on the session, never the token', async () => {
    rig = await startServerRig({ runtime: { forgeTokens: { gitea: 'gitea-server-token-0003' } } });
    const post = await rig.app.inject({
      method: 'POST',
      url: '/api/sessions',
      headers: rig.as('alice'),
      payload: { repo: rig.remote, duration: '1h', mode: 'pr', forge },
    });
    expect(post.statusCode, post.body).toBe(201);
    expect(post.json()).toMatchObject({ mode: 'pr', forge });
    expect(post.body).not.toContain('gitea-server-token-0003');
    await stopSession(rig.rt, post.json().id, 'alice');
  });
});
