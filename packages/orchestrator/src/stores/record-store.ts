import { Finding, Proposal, Review, RiskAssessment } from '@triad/core';
import { z } from 'zod';
import type { RedisKeys } from '../keys';
import type { RedisClient } from '../redis';

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

/** What each step produced, per session: one hash, one field per record. Written once, read by later steps and the report. */
export class RecordStore {
  /**
   * Records this process wrote or read, as text, by session and field: a draft's proposal is read by the review, the
   * assessment and the decision after it, mostly in the process that wrote it. A record is written before the task
   * moves on to the step that reads it, and the step that writes it again (a retried draft) writes here too.
   */
  private readonly kept = new Map<string, string>();
  private keptCharacters = 0;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  private keep(sessionId: string, field: string, json: string): void {
    const at = `${sessionId}/${field}`;
    this.keptCharacters -= this.kept.get(at)?.length ?? 0;
    this.kept.delete(at);
    if (json.length > RECORDS_KEPT_CHARACTERS / 8) return;
    this.kept.set(at, json);
    this.keptCharacters += json.length;
    for (const [oldest, text] of this.kept) {
      if (this.keptCharacters <= RECORDS_KEPT_CHARACTERS) break;
      this.kept.delete(oldest);
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
    return raw === null ? undefined : schema.parse(JSON.parse(raw));
  }

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
    this.put(sessionId, `proposal/${proposal.taskId}/${proposal.revision}`, proposal);
  proposal = (sessionId: string, taskId: string, revision: number) =>
    this.read(sessionId, `proposal/${taskId}/${revision}`, Proposal);

  saveReview = (sessionId: string, review: Review) =>
    this.put(sessionId, `review/${review.taskId}/${review.revision}`, review);
  review = (sessionId: string, taskId: string, revision: number) =>
    this.read(sessionId, `review/${taskId}/${revision}`, Review);

  saveAssessment = (sessionId: string, assessment: RiskAssessment) =>
    this.put(sessionId, `assessment/${assessment.taskId}/${assessment.revision}`, assessment);
  assessment = (sessionId: string, taskId: string, revision: number) =>
    this.read(sessionId, `assessment/${taskId}/${revision}`, RiskAssessment);

  saveReport = (sessionId: string, report: StoredReport) => this.put(sessionId, 'report', report);
  report = (sessionId: string) => this.read(sessionId, 'report', StoredReport);
}
