import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn, postForm } from './forms';
import { type ServerRig, startServerRig } from './harness';

const DAY = 86_400_000;

/** TRIAD_MAX_DURATION bounds sessions started through the server as it bounds the CLI's (app.inject, no workers). */
describe('the longest session the server starts', () => {
  let rig: ServerRig;
  let bounded: ServerRig;
  beforeAll(async () => {
    rig = await startServerRig();
    bounded = await startServerRig({ maxDurationMs: 2 * DAY });
  });
  afterAll(async () => {
    await rig?.close();
    await bounded?.close();
  });

  const start = (on: ServerRig, payload: object) =>
    on.app.inject({
      method: 'POST',
      url: '/api/sessions',
      headers: on.as('alice'),
      payload: { repo: on.remote, ...payload },
    });

  it('refuses a duration past 7 days by default, in one line, and starts nothing', async () => {
    const long = await start(rig, { duration: '8d' });
    expect(long.statusCode).toBe(422);
    expect(long.json()).toEqual({
      code: 'invalid_duration',
      message: 'duration "8d" is longer than the maximum of 7d: use a shorter one',
    });
    const timeout = await start(rig, { duration: '1h', approvalTimeout: '30d' });
    expect(timeout.json().message).toBe('approval timeout "30d" is longer than the maximum of 7d: use a shorter one');
    expect(await rig.rt.sessions.list()).toEqual([]);
    const week = await start(rig, { duration: '7d' });
    expect(week.statusCode, week.body).toBe(201);
    expect(week.json().durationMs).toBe(7 * DAY);
  });

  it('takes the bound the server is configured with, also for the start form', async () => {
    expect((await start(bounded, { duration: '3d' })).statusCode).toBe(422);
    const jar = await logIn(bounded, 'alice');
    const form = await postForm(bounded, jar, '/', '/sessions', { repo: bounded.remote, duration: '3d' });
    expect(form.statusCode).toBe(422);
    expect(form.headers['content-type']).toMatch(/^text\/html/);
    expect(form.body).toContain('duration &quot;3d&quot; is longer than the maximum of 2d: use a shorter one');
    expect(await bounded.rt.sessions.list()).toEqual([]);
    const ok = await postForm(bounded, jar, '/', '/sessions', { repo: bounded.remote, duration: '2d' });
    expect(ok.statusCode, ok.body).toBe(303);
  });
});
