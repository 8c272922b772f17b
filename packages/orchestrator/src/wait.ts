import type { Session, TriadEvent } from '@triad/core';
import type { Runtime } from './runtime';

export interface WaitOptions {
  /** Called with each event as it arrives, in order. */
  onEvent?: (event: TriadEvent) => void;
  /** Gives up after this long (ms); undefined waits as long as the session runs. */
  timeoutMs?: number;
}

/**
 * Follows a session's event stream until it has ended. Event-driven (XREAD BLOCK), not polled; returns the ended
 * session, or throws when `timeoutMs` passes first.
 */
export async function waitForSessionEnd(rt: Runtime, sessionId: string, options: WaitOptions = {}): Promise<Session> {
  const blocking = rt.connect();
  const giveUpAt = options.timeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + options.timeoutMs;
  let cursor = '0-0';
  try {
    for (;;) {
      // XREAD returns at once when there are events after the cursor, else blocks up to a second.
      for (const event of await rt.events.waitFor(blocking, sessionId, cursor, 1000)) {
        cursor = event.id ?? cursor;
        options.onEvent?.(event);
      }
      const session = await rt.sessions.get(sessionId);
      if (session.state === 'ended') return session;
      if (Date.now() > giveUpAt) throw new Error(`session ${sessionId} did not end within ${options.timeoutMs} ms`);
    }
  } finally {
    blocking.disconnect();
  }
}
