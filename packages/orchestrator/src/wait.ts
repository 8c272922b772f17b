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
 * session, or throws when `timeoutMs` passes first. The report step marks the session ended a moment before it appends
 * `session.ended`: once the state says ended, one more read (up to a second) waits for that last event, so a follower
 * never misses the line that names the report.
 */
export async function waitForSessionEnd(rt: Runtime, sessionId: string, options: WaitOptions = {}): Promise<Session> {
  const blocking = rt.connect();
  const giveUpAt = options.timeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + options.timeoutMs;
  let cursor = '0-0';
  let endedSeen = false;
  try {
    for (;;) {
      // XREAD returns at once when there are events after the cursor, else blocks up to a second.
      let last = false;
      // Nobody to show the events to: their types are enough (each one is not parsed and checked).
      const events = options.onEvent
        ? await rt.events.waitFor(blocking, sessionId, cursor, 1000)
        : await rt.events.waitForTypes(blocking, sessionId, cursor, 1000);
      for (const event of events) {
        cursor = event.id ?? cursor;
        if ('sessionId' in event) options.onEvent?.(event);
        last ||= event.type === 'session.ended';
      }
      // While events flow and none is the last, the session is not over: its state is asked only when they pause.
      if (events.length > 0 && !last && Date.now() <= giveUpAt) continue;
      const session = await rt.sessions.get(sessionId);
      if (session.state === 'ended' && (last || endedSeen)) return session;
      endedSeen = session.state === 'ended';
      if (Date.now() > giveUpAt) throw new Error(`session ${sessionId} did not end within ${options.timeoutMs} ms`);
    }
  } finally {
    blocking.disconnect();
  }
}
