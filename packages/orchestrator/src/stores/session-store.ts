import { type EndReason, Session, type SessionState, TriadError, type Usage } from '@triad/core';
import type { RedisKeys } from '../keys';
import type { RedisClient } from '../redis';
import { updateJson } from './optimistic';

const USAGE_FIELDS = ['inputTokens', 'outputTokens', 'cachedTokens', 'calls'] as const;

/** Session records: one JSON value each, usage counters in a hash beside it (incremented atomically). */
export class SessionStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  async create(session: Session): Promise<void> {
    const created = await this.redis.set(this.keys.session(session.id), JSON.stringify(session), 'NX');
    if (created === null) throw new Error(`session ${session.id} exists already`);
    await this.redis.zadd(this.keys.sessions, Date.parse(session.createdAt), session.id);
  }

  async find(id: string): Promise<Session | undefined> {
    const [raw, usage] = await Promise.all([
      this.redis.get(this.keys.session(id)),
      this.redis.hgetall(this.keys.usage(id)),
    ]);
    if (raw === null) return undefined;
    const session = Session.parse(JSON.parse(raw));
    for (const field of USAGE_FIELDS) session.usage[field] = Number(usage[field] ?? 0);
    session.usage.usd = Number(usage.usd ?? 0);
    return session;
  }

  async get(id: string): Promise<Session> {
    const session = await this.find(id);
    if (!session) {
      throw new TriadError(`no session ${id}: \`triad session list\` shows the sessions there are`, {
        code: 'session_not_found',
        domain: 'user',
      });
    }
    return session;
  }

  /** Newest first. */
  async list(limit = 50): Promise<Session[]> {
    const ids = await this.redis.zrevrange(this.keys.sessions, 0, limit - 1);
    const sessions = await Promise.all(ids.map((id) => this.find(id)));
    return sessions.filter((session): session is Session => session !== undefined);
  }

  /** Changes fields other than the state. */
  async patch(id: string, patch: (session: Session) => Partial<Session>): Promise<Session> {
    const update = await updateJson(this.redis, this.keys.session(id), parseSession, (session) => ({
      ...session,
      ...patch(session),
    }));
    if (!update) throw new Error(`session ${id} vanished`);
    return update.after;
  }

  /**
   * Moves the session from one of `from` to `to`. Returns the session after the move, or undefined when it was not
   * in one of `from` (someone else moved it first): exactly one caller wins.
   */
  async moveState(
    id: string,
    from: SessionState[],
    to: SessionState,
    fields: { endReason?: EndReason; endMessage?: string; endedAt?: string; stoppedBy?: string } = {},
  ): Promise<Session | undefined> {
    const update = await updateJson(this.redis, this.keys.session(id), parseSession, (session) =>
      from.includes(session.state) ? { ...session, ...fields, state: to } : undefined,
    );
    return update?.changed ? update.after : undefined;
  }

  async addUsage(id: string, usage: Partial<Usage>): Promise<void> {
    const key = this.keys.usage(id);
    const pipeline = this.redis.multi();
    for (const field of USAGE_FIELDS) {
      const value = usage[field];
      if (value) pipeline.hincrby(key, field, value);
    }
    if (usage.usd) pipeline.hincrbyfloat(key, 'usd', usage.usd);
    await pipeline.exec();
  }
}

function parseSession(raw: string): Session {
  return Session.parse(JSON.parse(raw));
}
