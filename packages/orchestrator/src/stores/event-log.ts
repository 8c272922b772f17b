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
    // The type first: a follower that wants only types reads it off the front (see `typeOf`).
    const { type, ...rest } = event;
    const full: TriadEvent = { type, ...rest, sessionId, at: this.clock().toISOString() };
    return { stream: this.keys.events(sessionId), event: JSON.stringify(full) };
  }

  /** Events after `afterId` (exclusive; `0` for all). */
  async read(sessionId: string, afterId = '0', count = 10_000): Promise<TriadEvent[]> {
    const start = afterId === '0' ? '-' : `(${afterId}`;
    const entries = await this.redis.xrange(this.keys.events(sessionId), start, '+', 'COUNT', count);
    return entries.map(([id, fields]) => toEvent(id, fields));
  }

  /**
   * Every event of the session, read in pages (a session of thousands of tasks has tens of thousands, past `read`'s
   * one page), or only those whose type is in `types`: the others are told by the type at the front of their line and
   * never parsed.
   */
  async readAll(sessionId: string, types?: ReadonlySet<string>): Promise<TriadEvent[]> {
    const events: TriadEvent[] = [];
    let start = '-';
    for (;;) {
      const entries = await this.redis.xrange(this.keys.events(sessionId), start, '+', 'COUNT', READ_ALL_PAGE);
      for (const [id, fields] of entries) {
        const json = eventJson(fields);
        if (types && !types.has(typeOf(json))) continue;
        events.push({ ...TriadEvent.parse(JSON.parse(json)), id });
      }
      if (entries.length < READ_ALL_PAGE) return events;
      start = `(${entries.at(-1)![0]}`;
    }
  }

  /**
   * Waits up to `blockMs` for events after `afterId`. Needs a connection of its own: XREAD BLOCK holds it.
   */
  async waitFor(blocking: RedisClient, sessionId: string, afterId: string, blockMs: number): Promise<TriadEvent[]> {
    return (await this.entriesAfter(blocking, sessionId, afterId, blockMs)).map(([id, fields]) => toEvent(id, fields));
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
    const entries = await this.entriesAfter(blocking, sessionId, afterId, blockMs);
    return entries.map(([id, fields]) => ({ id, type: typeOf(eventJson(fields)) }));
  }

  /** The stream's entries after `afterId`, waiting up to `blockMs` for the first (XREAD BLOCK). */
  private async entriesAfter(blocking: RedisClient, sessionId: string, afterId: string, blockMs: number) {
    const result = await blocking.xread('BLOCK', blockMs, 'STREAMS', this.keys.events(sessionId), afterId);
    return result ? result.flatMap(([, entries]) => entries) : [];
  }
}

/** Entries `readAll` asks Redis for at a time. */
export const READ_ALL_PAGE = 5_000;

/** The `event` field of a stream entry's fields. */
function eventJson(fields: string[]): string {
  return fields[fields.indexOf('event') + 1] ?? '{}';
}

/** An event's type: read off the front, where `entry` writes it, without parsing the rest; else parsed. */
function typeOf(json: string): string {
  const leading = LEADING_TYPE.exec(json);
  return leading ? leading[1]! : String((JSON.parse(json) as { type?: unknown }).type);
}
const LEADING_TYPE = /^\{"type":"([\w.-]+)"[,}]/;

function toEvent(id: string, fields: string[]): TriadEvent {
  return { ...TriadEvent.parse(JSON.parse(eventJson(fields))), id };
}
