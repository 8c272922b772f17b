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

const OBSERVATIONS_KEPT = 16;

/** What each step produced, per session: one hash, one field per record. Written once, read by later steps and the report. */
export class RecordStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  private async put(sessionId: string, field: string, value: unknown, onlyIfNew = false) {
    const key = this.keys.records(sessionId);
    const json = JSON.stringify(value);
    if (onlyIfNew) return (await this.redis.hsetnx(key, field, json)) === 1;
    await this.redis.hset(key, field, json);
    return true;
  }

  private async read<T>(sessionId: string, field: string, schema: z.ZodType<T>): Promise<T | undefined> {
    const raw = await this.redis.hget(this.keys.records(sessionId), field);
    return raw === null ? undefined : schema.parse(JSON.parse(raw));
  }

  private async readAll<T>(sessionId: string, prefix: string, schema: z.ZodType<T>): Promise<T[]> {
    const all = await this.redis.hgetall(this.keys.records(sessionId));
    return Object.entries(all)
      .filter(([field]) => field.startsWith(prefix))
      .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
      .map(([, raw]) => schema.parse(JSON.parse(raw)));
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
  observations = (sessionId: string) => this.readAll(sessionId, 'observation/', Observation);

  /** A plan is stored once per cycle, so a retried plan step creates the same tasks. */
  savePlan = (sessionId: string, cycle: number, taskIds: string[]) =>
    this.put(sessionId, `plan/${cycle}`, { cycle, taskIds }, true);
  plan = (sessionId: string, cycle: number) => this.read(sessionId, `plan/${cycle}`, StoredPlan);

  saveProposal = (sessionId: string, proposal: Proposal) =>
    this.put(sessionId, `proposal/${proposal.taskId}/${proposal.revision}`, proposal);
  proposal = (sessionId: string, taskId: string, revision: number) =>
    this.read(sessionId, `proposal/${taskId}/${revision}`, Proposal);
  proposals = (sessionId: string) => this.readAll(sessionId, 'proposal/', Proposal);

  saveReview = (sessionId: string, review: Review) =>
    this.put(sessionId, `review/${review.taskId}/${review.revision}`, review);
  review = (sessionId: string, taskId: string, revision: number) =>
    this.read(sessionId, `review/${taskId}/${revision}`, Review);
  reviews = (sessionId: string) => this.readAll(sessionId, 'review/', Review);

  saveAssessment = (sessionId: string, assessment: RiskAssessment) =>
    this.put(sessionId, `assessment/${assessment.taskId}/${assessment.revision}`, assessment);
  assessment = (sessionId: string, taskId: string, revision: number) =>
    this.read(sessionId, `assessment/${taskId}/${revision}`, RiskAssessment);
  assessments = (sessionId: string) => this.readAll(sessionId, 'assessment/', RiskAssessment);

  saveReport = (sessionId: string, report: StoredReport) => this.put(sessionId, 'report', report);
  report = (sessionId: string) => this.read(sessionId, 'report', StoredReport);
}
