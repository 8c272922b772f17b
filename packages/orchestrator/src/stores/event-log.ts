import { TriadEvent } from '@triad/core';
import type { RedisKeys } from '../keys';
import type { RedisClient } from '../redis';
import type { StreamEntry } from './optimistic';

export type NewEvent = Omit<TriadEvent, 'id' | 'at' | 'sessionId'>;

/** The append-only event log of each session: a Redis stream, so live views can resume from the last id they saw. */
export class EventLog {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly clock: () => Date,
  ) {}

  async append(sessionId: string, event: NewEvent): Promise<string> {
    const { stream, event: json } = this.entry(sessionId, event);
    const id = await this.redis.xadd(stream, '*', 'event', json);
    return id ?? '';
  }

  /** `event` as a stream entry, for a store's script to append in the same step as the write it tells of. */
  entry(sessionId: string, event: NewEvent): StreamEntry {
    const full: TriadEvent = { ...event, sessionId, at: this.clock().toISOString() };
    return { stream: this.keys.events(sessionId), event: JSON.stringify(full) };
  }

  /** Events after `afterId` (exclusive; `0` for all). */
  async read(sessionId: string, afterId = '0', count = 10_000): Promise<TriadEvent[]> {
    const start = afterId === '0' ? '-' : `(${afterId}`;
    const entries = await this.redis.xrange(this.keys.events(sessionId), start, '+', 'COUNT', count);
    return entries.map(([id, fields]) => toEvent(id, fields));
  }

  /**
   * Waits up to `blockMs` for events after `afterId`. Needs a connection of its own: XREAD BLOCK holds it.
   */
  async waitFor(blocking: RedisClient, sessionId: string, afterId: string, blockMs: number): Promise<TriadEvent[]> {
    const result = await blocking.xread('BLOCK', blockMs, 'STREAMS', this.keys.events(sessionId), afterId);
    if (!result) return [];
    return result.flatMap(([, entries]) => entries.map(([id, fields]) => toEvent(id, fields)));
  }

  /**
   * As `waitFor`, but each event's id and type only, unchecked: what a follower that shows nothing needs to see the
   * session end, without validating every event of a session of thousands of tasks.
   */
  async waitForTypes(
    blocking: RedisClient,
    sessionId: string,
    afterId: string,
    blockMs: number,
  ): Promise<Array<{ id: string; type: string }>> {
    const result = await blocking.xread('BLOCK', blockMs, 'STREAMS', this.keys.events(sessionId), afterId);
    if (!result) return [];
    return result.flatMap(([, entries]) =>
      entries.map(([id, fields]) => {
        const json = fields[fields.indexOf('event') + 1] ?? '{}';
        return { id, type: String((JSON.parse(json) as { type?: unknown }).type) };
      }),
    );
  }
}

function toEvent(id: string, fields: string[]): TriadEvent {
  const json = fields[fields.indexOf('event') + 1] ?? '{}';
  return { ...TriadEvent.parse(JSON.parse(json)), id };
}
