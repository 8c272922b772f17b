import type { TriadEvent } from '@triad/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerRig, startServerRig, within } from './harness';

/** Reads Server-Sent Events from a fetch response as they arrive. */
function sseReader(response: Response) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return async function next(): Promise<{ id: string; event: TriadEvent }> {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const id = /^id: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (id && data) return { id, event: JSON.parse(data) };
        continue;
      }
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended');
      buffer += decoder.decode(value, { stream: true });
    }
  };
}

describe('live session events over SSE (a real listening server, fetch as the client)', () => {
  let rig: ServerRig;
  let base: string;
  const sessionId = 'sse-session';

  beforeAll(async () => {
    rig = await startServerRig();
    base = await rig.app.listen({ host: '127.0.0.1', port: 0 });
    const { Session } = await import('@triad/core');
    await rig.rt.sessions.create(
      Session.parse({
        id: sessionId,
        repo: { url: rig.remote, branch: 'main' },
        state: 'running',
        createdAt: new Date().toISOString(),
        deadline: new Date(Date.now() + 60_000).toISOString(),
        durationMs: 60_000,
      }),
    );
  });
  afterAll(async () => {
    await rig?.close();
  });

  const append = (message: string) => rig.rt.events.append(sessionId, { type: 'tool.call', actor: 'tool', message });

  it('sends the backlog, then live events, each with its stream id', async () => {
    await append('one');
    await append('two');
    const controller = new AbortController();
    const response = await fetch(`${base}/api/sessions/${sessionId}/events`, {
      headers: rig.as('vic'),
      signal: controller.signal,
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const next = sseReader(response);
    const first = await within(next(), 5000, 'first event');
    const second = await within(next(), 5000, 'second event');
    expect([first.event.message, second.event.message]).toEqual(['one', 'two']);
    const id = await append('three, live');
    const live = await within(next(), 5000, 'live event');
    expect(live).toMatchObject({ id, event: { message: 'three, live', actor: 'tool' } });
    controller.abort();
  });

  it('resumes after Last-Event-ID with exactly the events missed', async () => {
    const all = await rig.rt.events.read(sessionId);
    const seen = all[0]?.id ?? '';
    const missed = await append('missed while away');
    const controller = new AbortController();
    const response = await fetch(`${base}/api/sessions/${sessionId}/events`, {
      headers: { ...rig.as('vic'), 'last-event-id': seen },
      signal: controller.signal,
    });
    const next = sseReader(response);
    const messages: string[] = [];
    for (;;) {
      const { id, event } = await within(next(), 5000, 'resumed event');
      messages.push(event.message);
      if (id === missed) break;
    }
    expect(messages).toEqual(
      all
        .slice(1)
        .map((event) => event.message)
        .concat('missed while away'),
    );
    controller.abort();
  });

  it('refuses a malformed Last-Event-ID (422) and a stream without a login (401)', async () => {
    const bad = await fetch(`${base}/api/sessions/${sessionId}/events`, {
      headers: { ...rig.as('vic'), 'last-event-id': 'yesterday' },
    });
    expect(bad.status).toBe(422);
    expect((await fetch(`${base}/api/sessions/${sessionId}/events`)).status).toBe(401);
  });
});
