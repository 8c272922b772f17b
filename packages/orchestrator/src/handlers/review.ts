import { maxRisk } from '@triad/core';
import { riskFloor } from '@triad/policy';
import type { Job } from 'bullmq';
import type { StageJobData } from '../queues';
import type { Runtime } from '../runtime';
import { recordField } from '../stores/record-store';
import { AGENT_CALL_CONTEXT, agentContext, required, type StepReadContext, taskOf, taskStep } from './context';
import { stageHandler } from './stage-handler';

/** What review and assess share besides a model call's: the proposal, its findings and the files it changes. */
export const REVIEW_CONTEXT = [...AGENT_CALL_CONTEXT, 'records', 'repos'] as const;

/**
 * The proposal under review with what it addresses and the files it changes, and whether `done` (the step's own
 * record) exists already; undefined when the session or the task has moved on.
 */
async function inputs(
  rt: StepReadContext & Pick<Runtime, 'repos'>,
  job: Job<StageJobData>,
  done: (taskId: string, revision: number) => string,
) {
  const { taskId, revision } = taskOf(job);
  const step = await taskStep(rt, job, [done(taskId, revision), recordField.proposal(taskId, revision)]);
  if (!step) return undefined;
  const { session, task } = step;
  if (task.state !== 'under_review' || task.revision !== revision) return undefined;
  const proposal = required(await rt.records.proposal(session.id, taskId, revision), `proposal ${taskId} r${revision}`);
  const observation = required(await rt.records.observation(session.id, task.cycle), 'observation');
  const wanted = new Set(task.findingIds);
  const findings = observation.findings.filter((finding) => wanted.has(finding.id));
  const files = await rt.repos.filesAt(session.repo, proposal.baseRevision);
  return { session, task, proposal, findings, files, revision, done: step.has(done(taskId, revision)) };
}

/** The Co-Lead reviews the proposal: approve, request changes, or reject; and whether it needs an ADR. */
export const review = stageHandler(REVIEW_CONTEXT, async (rt, job, _token, signal) => {
  const input = await inputs(rt, job, recordField.review);
  if (!input) return 'nothing to review';
  const { session, task, revision } = input;
  if (input.done) return 'already reviewed';
  const agents = rt.agents(session.models);
  const started = Date.now();
  const outcome = await agents.coLead.review(input, agentContext(rt, session, signal));
  const review = rt.records.write.review(session.id, {
    taskId: task.id,
    revision,
    ...outcome,
    reviewer: agents.coLead.name,
    createdAt: rt.clock().toISOString(),
  });
  await rt.records.saveOnce(
    review,
    rt.events.entry(session.id, {
      type: 'review.completed',
      actor: 'co-lead',
      taskId: task.id,
      message: `${task.id} r${revision}: ${outcome.verdict}${outcome.comments.length ? ` (${outcome.comments.join('; ')})` : ''}`,
      data: { verdict: outcome.verdict, adrRequired: outcome.adrRequired, latencyMs: Date.now() - started },
    }),
  );
  return outcome.verdict;
});

/** The CIO assesses the risk; the tool layer's floor for what the change touches is a minimum no agent lowers. */
export const assess = stageHandler(REVIEW_CONTEXT, async (rt, job, _token, signal) => {
  const input = await inputs(rt, job, recordField.assessment);
  if (!input) return 'nothing to assess';
  const { session, task, proposal, revision } = input;
  if (input.done) return 'already assessed';
  const agents = rt.agents(session.models);
  const floor = riskFloor(proposal.edits);
  const started = Date.now();
  const outcome = await agents.cio.assess({ ...input, floor }, agentContext(rt, session, signal));
  const level = maxRisk(outcome.level, floor.level);
  const assessment = rt.records.write.assessment(session.id, {
    taskId: task.id,
    revision,
    level,
    assessedLevel: outcome.level,
    floor: floor.level,
    score: outcome.score,
    factors: [...outcome.factors, ...floor.reasons.map((reason) => `floor: ${reason}`)],
    blastRadius: outcome.blastRadius,
    reversibility: outcome.reversibility,
    assessor: agents.cio.name,
    createdAt: rt.clock().toISOString(),
  });
  await rt.records.saveOnce(
    assessment,
    rt.events.entry(session.id, {
      type: 'risk.assessed',
      actor: 'cio',
      taskId: task.id,
      message: `${task.id} r${revision}: risk ${level}${level !== outcome.level ? ` (raised from ${outcome.level} by the floor)` : ''}`,
      data: {
        level,
        assessedLevel: outcome.level,
        floor: floor.level,
        score: outcome.score,
        latencyMs: Date.now() - started,
      },
    }),
  );
  return level;
});
