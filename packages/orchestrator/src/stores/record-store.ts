import { Finding, Proposal, Review, RiskAssessment } from '@triad/core';
import { z } from 'zod';
import type { RedisKeys } from '../keys';
import type { RedisClient } from '../redis';
import { luaScript } from './lua';
import type { StreamEntry } from './optimistic';

/**
 * Sets the field ARGV[1] of the hash KEYS[1] to ARGV[2] unless it is set, and then appends ARGV[3] (unless empty) to
 * the stream KEYS[2] as its `event` field: a record and its line in the timeline, both or neither. Adds 1 to the
 * answer when it set the field, and 2 when the field ARGV[4] (unless empty) of the same hash is set: of two records
 * saved this way, each naming the other, exactly one save finds the other there (the join of review ∥ assess).
 */
const SAVE_ONCE = luaScript(`
local answer = 0
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 1 then
  if ARGV[3] ~= '' then redis.call('XADD', KEYS[2], '*', 'event', ARGV[3]) end
  answer = 1
end
if ARGV[4] ~= '' and redis.call('HEXISTS', KEYS[1], ARGV[4]) == 1 then answer = answer + 2 end
return answer`);

export const Observation = z.object({
  cycle: z.number().int().positive(),
  revision: z.string(),
  fileCount: z.number().int().nonnegative(),
  findings: z.array(Finding),
  observedAt: z.string(),
  /** The cluster as a model reads it (pods grouped by owner and problem), when the session has one. */
  cluster: z.object({ source: z.string(), takenAt: z.string(), summary: z.string() }).optional(),
});
export type Observation = z.infer<typeof Observation>;

export const StoredPlan = z.object({
  cycle: z.number().int().positive(),
  taskIds: z.array(z.string()),
});

export const StoredReport = z.object({
  markdown: z.string(),
  data: z.unknown(),
  path: z.string(),
  commit: z.string().optional(),
  writtenAt: z.string(),
});
export type StoredReport = z.infer<typeof StoredReport>;

/** A session's records by kind, each list in the order of the numbers in its fields. */
export interface SessionRecords {
  observations: Observation[];
  proposals: Proposal[];
  reviews: Review[];
  assessments: RiskAssessment[];
}

/** Field names compared with the numbers in them as numbers; one collator for every comparison of a sort. */
const byNumbers = new Intl.Collator('en', { numeric: true }).compare;

const OBSERVATIONS_KEPT = 16;
/** Characters of records one process keeps (about 16 MB of text at most). */
const RECORDS_KEPT_CHARACTERS = 8 * 1024 * 1024;

/** Where each kind of record is in its session's hash. */
export const recordField = {
  proposal: (taskId: string, revision: number) => `proposal/${taskId}/${revision}`,
  review: (taskId: string, revision: number) => `review/${taskId}/${revision}`,
  assessment: (taskId: string, revision: number) => `assessment/${taskId}/${revision}`,
};

/**
 * A record to write in the same script as another write (a task's move), once: `landed` is called when it did.
 */
export interface RecordWrite {
  key: string;
  field: string;
  json: string;
  landed(): void;
}

/** What each step produced, per session: one hash, one field per record. Written once, read by later steps and the report. */
export class RecordStore {
  /**
   * Records this process wrote or read, as text, by session and field: a draft's proposal is read by the review, the
   * assessment and the decision after it, mostly in the process that wrote it. A record is written before the task
   * moves on to the step that reads it, and the step that writes it again (a retried draft) writes here too.
   */
  private readonly kept = new Map<string, string>();
  private keptCharacters = 0;
  /** What kept records parsed to, by session and field: parsed once, shared (callers never change a record). */
  private readonly parsed = new Map<string, { raw: string; value: unknown }>();

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  private keep(sessionId: string, field: string, json: string): void {
    const at = `${sessionId}/${field}`;
    this.keptCharacters -= this.kept.get(at)?.length ?? 0;
    this.kept.delete(at);
    this.parsed.delete(at);
    if (json.length > RECORDS_KEPT_CHARACTERS / 8) return;
    this.kept.set(at, json);
    this.keptCharacters += json.length;
    for (const [oldest, text] of this.kept) {
      if (this.keptCharacters <= RECORDS_KEPT_CHARACTERS) break;
      this.kept.delete(oldest);
      this.parsed.delete(oldest);
      this.keptCharacters -= text.length;
    }
  }

  private async put(sessionId: string, field: string, value: unknown, onlyIfNew = false) {
    const key = this.keys.records(sessionId);
    const json = JSON.stringify(value);
    if (onlyIfNew) {
      const created = (await this.redis.hsetnx(key, field, json)) === 1;
      if (created) this.keep(sessionId, field, json);
      return created;
    }
    await this.redis.hset(key, field, json);
    this.keep(sessionId, field, json);
    return true;
  }

  private async read<T>(sessionId: string, field: string, schema: z.ZodType<T>): Promise<T | undefined> {
    let raw = this.kept.get(`${sessionId}/${field}`) ?? null;
    if (raw === null) {
      raw = await this.redis.hget(this.keys.records(sessionId), field);
      if (raw !== null) this.keep(sessionId, field, raw);
    }
    if (raw === null) return undefined;
    // Parsed once per process while kept: a proposal is read by the review, the assessment and the decision after it.
    const at = `${sessionId}/${field}`;
    const parsed = this.parsed.get(at);
    if (parsed?.raw === raw) return parsed.value as T;
    const value = schema.parse(JSON.parse(raw));
    if (this.kept.get(at) === raw) this.parsed.set(at, { raw, value });
    return value;
  }

  /**
   * Saves a record unless the session has it, and appends `event` in the same script when it did (`saved`). A review
   * saved again (a retry, or Redis asked twice across a restart) keeps the first and tells of it once. The same script
   * says whether the session's record `partner` exists (`partnerSaved`): of two records that name each other, the one
   * saved second finds the other.
   */
  async saveOnce(
    write: RecordWrite,
    event: StreamEntry,
    partner = '',
  ): Promise<{ saved: boolean; partnerSaved: boolean }> {
    const answer = Number(
      await SAVE_ONCE(this.redis, [write.key, event.stream], [write.field, write.json, event.event, partner]),
    );
    const saved = (answer & 1) === 1;
    if (saved) write.landed();
    return { saved, partnerSaved: (answer & 2) === 2 };
  }

  /** Which of the session's `fields` this process does not keep: what a step's one read asks Redis for. */
  unknown(sessionId: string, fields: readonly string[]): string[] {
    return fields.filter((field) => !this.kept.has(`${sessionId}/${field}`));
  }

  /** Whether this process keeps the session's record `field` (it exists: records are never deleted). */
  has(sessionId: string, field: string): boolean {
    return this.kept.has(`${sessionId}/${field}`);
  }

  /** A record read elsewhere (a step's one read, see step-read.ts): kept, so the step's reads of it need no round trip. */
  learn(sessionId: string, field: string, raw: string): void {
    this.keep(sessionId, field, raw);
  }

  /**
   * `value` as the session's record `field`, for a store's script to write with its own write (see `TaskStore.move`'s
   * `save`): kept here once it landed.
   */
  private writeOf(sessionId: string, field: string, value: unknown): RecordWrite {
    const json = JSON.stringify(value);
    return { key: this.keys.records(sessionId), field, json, landed: () => this.keep(sessionId, field, json) };
  }

  /** Each kind of record as a write for a script that makes it with its own (see `saveOnce`, `TaskStore.move`). */
  readonly write = {
    proposal: (sessionId: string, proposal: Proposal) =>
      this.writeOf(sessionId, recordField.proposal(proposal.taskId, proposal.revision), proposal),
    review: (sessionId: string, review: Review) =>
      this.writeOf(sessionId, recordField.review(review.taskId, review.revision), review),
    assessment: (sessionId: string, assessment: RiskAssessment) =>
      this.writeOf(sessionId, recordField.assessment(assessment.taskId, assessment.revision), assessment),
  };

  /**
   * Every record of the session, by kind, in the order of their numbers (observation/2 before observation/10), from
   * one read of the session's hash: what a report reads.
   */
  async everything(sessionId: string): Promise<SessionRecords> {
    const all = await this.redis.hgetall(this.keys.records(sessionId));
    const fields = Object.keys(all).sort(byNumbers);
    const of = <T>(prefix: string, schema: z.ZodType<T>) =>
      fields.filter((field) => field.startsWith(prefix)).map((field) => schema.parse(JSON.parse(all[field]!)));
    return {
      observations: of('observation/', Observation),
      proposals: of('proposal/', Proposal),
      reviews: of('review/', Review),
      assessments: of('assessment/', RiskAssessment),
    };
  }

  /**
   * Observations read before, by session and cycle: each is written once (`hsetnx`), and every draft of a cycle reads
   * its cycle's, so a burst of drafts parses it once. Shared: callers never change it.
   */
  private readonly observationsRead = new Map<string, Observation>();

  saveObservation = (sessionId: string, observation: Observation) =>
    this.put(sessionId, `observation/${observation.cycle}`, observation, true);
  observation = async (sessionId: string, cycle: number): Promise<Observation | undefined> => {
    const field = `observation/${cycle}`;
    const known = this.observationsRead.get(`${sessionId}/${field}`);
    if (known) return known;
    const observation = await this.read(sessionId, field, Observation);
    if (!observation) return undefined;
    this.observationsRead.set(`${sessionId}/${field}`, observation);
    // A few sessions' current cycles are what is read; older entries go first.
    for (const oldest of this.observationsRead.keys()) {
      if (this.observationsRead.size <= OBSERVATIONS_KEPT) break;
      this.observationsRead.delete(oldest);
    }
    return observation;
  };

  /** A plan is stored once per cycle, so a retried plan step creates the same tasks. */
  savePlan = (sessionId: string, cycle: number, taskIds: string[]) =>
    this.put(sessionId, `plan/${cycle}`, { cycle, taskIds }, true);
  plan = (sessionId: string, cycle: number) => this.read(sessionId, `plan/${cycle}`, StoredPlan);

  saveProposal = (sessionId: string, proposal: Proposal) =>
    this.put(sessionId, recordField.proposal(proposal.taskId, proposal.revision), proposal);
  proposal = (sessionId: string, taskId: string, revision: number) =>
    this.read(sessionId, recordField.proposal(taskId, revision), Proposal);

  saveReview = (sessionId: string, review: Review) =>
    this.put(sessionId, recordField.review(review.taskId, review.revision), review);
  review = (sessionId: string, taskId: string, revision: number) =>
    this.read(sessionId, recordField.review(taskId, revision), Review);

  saveAssessment = (sessionId: string, assessment: RiskAssessment) =>
    this.put(sessionId, recordField.assessment(assessment.taskId, assessment.revision), assessment);
  assessment = (sessionId: string, taskId: string, revision: number) =>
    this.read(sessionId, recordField.assessment(taskId, revision), RiskAssessment);

  saveReport = (sessionId: string, report: StoredReport) => this.put(sessionId, 'report', report);
  report = (sessionId: string) => this.read(sessionId, 'report', StoredReport);
}
