import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRuntime, startSession, startWorkers, triadOver } from '@triad/orchestrator';
import { afterEach, describe, expect, it } from 'vitest';
import { type ApprovalAnnouncer, startApprovalAnnouncer } from '../src/notify/approval-announcer';
import { type ServerRig, startServerRig, waitUntilSettled, within } from './harness';

interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A loopback HTTP receiver standing in for Slack or ntfy. */
async function receiver(): Promise<{
  url: string;
  calls: Received[];
  next(): Promise<Received>;
  close(): Promise<void>;
}> {
  const calls: Received[] = [];
  const waiters: Array<(call: Received) => void> = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      const call = { headers: request.headers, body };
      calls.push(call);
      waiters.shift()?.(call);
      response.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    calls,
    next: () => new Promise((resolve) => waiters.push(resolve)),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('the approval webhook (loopback receiver, workers in another runtime)', () => {
  let rig: ServerRig | undefined;
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    await rig?.close();
    rig = undefined;
  });

  it('posts Slack-compatible JSON with a link once per waiting change, even with two servers listening', async () => {
    rig = await startServerRig();
    const hook = await receiver();
    closers.push(hook.close);
    const announcers: ApprovalAnnouncer[] = [];
    for (let server = 0; server < 2; server++) {
      const announcer = startApprovalAnnouncer(triadOver(rig.rt), rig.rt, {
        url: hook.url,
        format: 'slack',
        publicUrl: 'https://triad.example',
      });
      await announcer.ready;
      announcers.push(announcer);
      closers.push(() => announcer.close());
    }
    // Workers elsewhere: their own runtime, default hook (the control channel).
    const worker = createRuntime({ config: { ...rig.rt.config, workdir: `${rig.dir}/worker` } });
    const pool = await startWorkers(worker, { lockDurationMs: 5000 });
    closers.push(async () => {
      await pool.close();
      await worker.close();
    });
    const first = hook.next();
    const session = await startSession(rig.rt, {
      repo: rig.remote,
      durationMs: 60_000,
      autoApprove: 'low',
      maxCycles: 1,
    });
    const call = await within(first, 30_000, 'webhook call');
    expect(call.headers['content-type']).toBe('application/json');
    const body = JSON.parse(call.body);
    expect(body.text).toMatch(/<https:\/\/triad\.example\/approvals\/[^|]+\|Review it>/);

    await waitUntilSettled(rig.rt, session.id);
    const pending = await rig.rt.approvals.pending();
    await within(
      (async () => {
        while (hook.calls.length < pending.length) await hook.next();
      })(),
      10_000,
      'one call per approval',
    );
    await Promise.all(announcers.map((announcer) => announcer.close()));
    const linked = hook.calls.map((c) => /approvals\/([^|]+)\|/.exec(JSON.parse(c.body).text)?.[1]).sort();
    expect(linked).toEqual(pending.map((approval) => approval.taskId).sort());
  });

  it('posts to ntfy as text with a click action', async () => {
    rig = await startServerRig({ workers: true });
    const hook = await receiver();
    closers.push(hook.close);
    const announcer = startApprovalAnnouncer(triadOver(rig.rt), rig.rt, {
      url: hook.url,
      format: 'ntfy',
      publicUrl: 'http://localhost:8080',
    });
    await announcer.ready;
    closers.push(() => announcer.close());
    const first = hook.next();
    await startSession(rig.rt, { repo: rig.remote, durationMs: 60_000, autoApprove: 'low', maxCycles: 1 });
    const call = await within(first, 30_000, 'ntfy call');
    expect(call.headers['content-type']).toContain('text/plain');
    expect(call.headers.click).toMatch(/^http:\/\/localhost:8080\/approvals\//);
    expect(call.body).toContain('waits for your approval');
  });
});
