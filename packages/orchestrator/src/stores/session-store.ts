import { type EndReason, Session, type SessionState, TriadError, type Usage } from '@triad/core';
import type { RedisKeys } from '../keys';
import type { RedisClient } from '../redis';
import { updateJson } from './optimistic';

const USAGE_FIELDS = ['inputTokens', 'outputTokens', 'cachedTokens', 'calls'] as const;

/** What a session was started with and keeps to its end: its roles' models and its budget. */
export type SessionSettings = Readonly<Pick<Session, 'models' | 'budget'>>;

/** Sessions whose settings one process keeps (a worker serves a few sessions at a time). */
const SETTINGS_KEPT = 256;

/** Sessions whose last parsed value one process keeps, to skip parsing it again while it has not changed. */
const PARSED_KEPT = 64;

/** Session records: one JSON value each, usage counters in a hash beside it (incremented atomically). */
export class SessionStore {
  private readonly kept = new Map<string, SessionSettings>();
  /**
   * Each session's value as this process last parsed it: every job of a session reads it, and it changes only when
   * the session moves (a stop, its end), so a thousand jobs parse it once. Shared and frozen: callers never change it.
   */
  private readonly parsed = new Map<string, { raw: string; session: Readonly<Omit<Session, 'usage'>> }>();

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
    // Side by side; ioredis sends both again when Redis goes away before it answers.
    const [raw, usage] = await Promise.all([
      this.redis.get(this.keys.session(id)),
      this.redis.hgetall(this.keys.usage(id)),
    ]);
    return this.fromStored(id, raw, usage);
  }

  /**
   * The session from its stored value and usage counters as read (by `find`, or by a step's one read of everything it
   * needs: see step-read.ts). A value this process parsed before is not parsed again.
   */
  fromStored(id: string, raw: string | null, usage: Record<string, string>): Session | undefined {
    if (raw === null) return undefined;
    let known = this.parsed.get(id);
    if (known?.raw !== raw) {
      const { usage: _stored, ...session } = Session.parse(JSON.parse(raw));
      known = { raw, session: Object.freeze(session) };
      this.parsed.delete(id);
      this.parsed.set(id, known);
      if (this.parsed.size > PARSED_KEPT) this.parsed.delete(this.parsed.keys().next().value as string);
    }
    return { ...known.session, usage: usageOf(usage) };
  }

  /**
   * The session's models and budget, read once per process: every job asks which model its role runs and every model
   * call asks for the budget, and neither changes after the session starts. Undefined when there is no such session.
   */
  async settings(id: string): Promise<SessionSettings | undefined> {
    const kept = this.kept.get(id);
    if (kept) return kept;
    const session = await this.find(id);
    if (!session) return undefined;
    const settings: SessionSettings = Object.freeze({
      models: Object.freeze({ ...session.models }),
      budget: Object.freeze({ ...session.budget }),
    });
    if (this.kept.size >= SETTINGS_KEPT) this.kept.delete(this.kept.keys().next().value as string);
    this.kept.set(id, settings);
    return settings;
  }

  async get(id: string): Promise<Session> {
    return sessionOrMissing(id, await this.find(id));
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

  /** Adds `usage` to the session's counters and returns the totals after it, in one transaction. */
  async addUsage(id: string, usage: Partial<Usage>): Promise<Usage> {
    const key = this.keys.usage(id);
    const pipeline = this.redis.multi();
    for (const field of USAGE_FIELDS) {
      const value = usage[field];
      if (value) pipeline.hincrby(key, field, value);
    }
    if (usage.usd) pipeline.hincrbyfloat(key, 'usd', usage.usd);
    pipeline.hgetall(key);
    const results = await pipeline.exec();
    const [error, totals] = results?.at(-1) ?? [new Error(`the usage of session ${id} was not counted`), null];
    if (error) throw error;
    return usageOf(totals as Record<string, string>);
  }
}

/** The session, or the error that says there is no session `id` and where to look for the ones there are. */
export function sessionOrMissing(id: string, session: Session | undefined): Session {
  if (session) return session;
  throw new TriadError(`no session ${id}: \`triad session list\` shows the sessions there are`, {
    code: 'session_not_found',
    domain: 'user',
  });
}

/** Counters as Redis keeps them (a hash of decimal strings; absent fields are 0). */
function usageOf(counters: Record<string, string>): Usage {
  return {
    inputTokens: Number(counters.inputTokens ?? 0),
    outputTokens: Number(counters.outputTokens ?? 0),
    cachedTokens: Number(counters.cachedTokens ?? 0),
    calls: Number(counters.calls ?? 0),
    usd: Number(counters.usd ?? 0),
  };
}

function parseSession(raw: string): Session {
  return Session.parse(JSON.parse(raw));
}
