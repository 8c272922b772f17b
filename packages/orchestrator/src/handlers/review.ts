import { maxRisk } from '@triad/core';
import { riskFloor } from '@triad/policy';
import type { Job } from 'bullmq';
import type { StageJobData } from '../queues';
import type { Runtime } from '../runtime';
import { recordField } from '../stores/record-store';
import { AGENT_CALL_CONTEXT, agentContext, leadsTo, required, type StepReadContext, taskOf, taskStep } from './context';
import { stageHandler } from './stage-handler';

/** What review and assess share besides a model call's: the proposal, its findings and the files it changes. */
export const REVIEW_CONTEXT = [...AGENT_CALL_CONTEXT, 'records', 'repos'] as const;

/** Where review's and assess's records are: each step's own, and its partner's, whose saving it waits for. */
const JOINED = {
  review: { own: recordField.review, partner: recordField.assessment },
  assess: { own: recordField.assessment, partner: recordField.review },
} as const;

/**
 * The proposal under review with what it addresses and the files it changes, and whether the step's own record and
 * its partner's exist already; undefined when the session or the task has moved on.
 */
async function inputs(rt: StepReadContext & Pick<Runtime, 'repos'>, job: Job<StageJobData>, step: keyof typeof JOINED) {
  const { taskId, revision } = taskOf(job);
  const [own, partner] = [JOINED[step].own(taskId, revision), JOINED[step].partner(taskId, revision)];
  const read = await taskStep(rt, job, [own, partner, recordField.proposal(taskId, revision)]);
  if (!read) return undefined;
  const { session, task } = read;
  if (task.state !== 'under_review' || task.revision !== revision) return undefined;
  const proposal = required(await rt.records.proposal(session.id, taskId, revision), `proposal ${taskId} r${revision}`);
  const observation = required(await rt.records.observation(session.id, task.cycle), 'observation');
  const wanted = new Set(task.findingIds);
  const findings = observation.findings.filter((finding) => wanted.has(finding.id));
  const files = await rt.repos.filesAt(session.repo, proposal.baseRevision);
  return {
    session,
    task,
    proposal,
    findings,
    files,
    revision,
    partner,
    done: read.has(own),
    joined: read.has(partner),
  };
}

/**
 * Review ∥ assess join here, not in a BullMQ flow: each saves its record in a script that also says whether the
 * other's is saved, so exactly one of them (the second) finds both and queues `decide`. A retry of a step whose record
 * is saved already queues it again when the other's is there too (the same job id: one job). ADR 0017.
 */
function joinDecide(
  result: string,
  input: { session: { id: string }; task: { id: string }; revision: number },
  both: boolean,
) {
  const data = { sessionId: input.session.id, taskId: input.task.id, revision: input.revision };
  return leadsTo(result, both ? [{ stage: 'decide', data }] : []);
}

/** The Co-Lead reviews the proposal: approve, request changes, or reject; and whether it needs an ADR. */
export const review = stageHandler(REVIEW_CONTEXT, async (rt, job, _token, signal) => {
  const input = await inputs(rt, job, 'review');
  if (!input) return 'nothing to review';
  const { session, task, revision } = input;
  if (input.done) return joinDecide('already reviewed', input, input.joined);
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
  const { partnerSaved } = await rt.records.saveOnce(
    review,
    rt.events.entry(session.id, {
      type: 'review.completed',
      actor: 'co-lead',
      taskId: task.id,
      message: `${task.id} r${revision}: ${outcome.verdict}${outcome.comments.length ? ` (${outcome.comments.join('; ')})` : ''}`,
      data: { verdict: outcome.verdict, adrRequired: outcome.adrRequired, latencyMs: Date.now() - started },
    }),
    input.partner,
  );
  return joinDecide(outcome.verdict, input, partnerSaved);
});

/** The CIO assesses the risk; the tool layer's floor for what the change touches is a minimum no agent lowers. */
export const assess = stageHandler(REVIEW_CONTEXT, async (rt, job, _token, signal) => {
  const input = await inputs(rt, job, 'assess');
  if (!input) return 'nothing to assess';
  const { session, task, proposal, revision } = input;
  if (input.done) return joinDecide('already assessed', input, input.joined);
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
  const { partnerSaved } = await rt.records.saveOnce(
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
    input.partner,
  );
  return joinDecide(level, input, partnerSaved);
});
