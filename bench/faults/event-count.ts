import type { Runtime } from '@triad/orchestrator';

/** Follows a session's events (XREAD BLOCK) and resolves once `count` more have arrived, or the session has ended. */
export async function afterEvents(rt: Runtime, sessionId: string, count: number, from: { cursor: string }) {
  const blocking = rt.connect();
  let seen = 0;
  try {
    while (seen < count) {
      for (const event of await rt.events.waitFor(blocking, sessionId, from.cursor, 1000)) {
        from.cursor = event.id ?? from.cursor;
        seen += 1;
      }
      if ((await rt.sessions.get(sessionId)).state === 'ended') return false;
    }
    return true;
  } finally {
    blocking.disconnect();
  }
}
