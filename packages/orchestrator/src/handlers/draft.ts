import type { DraftEdit } from '@triad/agents';
import { count, type FileEdit, type Proposal, type RepoFiles, type Session, type Task } from '@triad/core';
import { checkChange } from '@triad/policy';
import { adrFileName, detectAdrDir, nextAdrNumber, renderAdr } from '@triad/reports';
import { maskedDiff } from '@triad/tools';
import { continueSession } from '../lifecycle';
import type { Runtime } from '../runtime';
import { moveTask } from '../task-events';
import { AGENT_CALL_CONTEXT, agentContext, required, taskStep } from './context';
import { adrFeedback } from './decide';
import { stageHandler } from './stage-handler';

/** What draft uses besides a model call's: the observation, the repository's head, the guardrails and ADR folder. */
export const DRAFT_CONTEXT = [...AGENT_CALL_CONTEXT, 'records', 'repos', 'config'] as const;

/** How old a fetch a first draft may start from; its apply lands it on the branch as it is then. */
const DRAFT_FETCH_AGE_MS = 1_000;
/**
 * How old a fetch a first draft may still take at once, while a newer one is fetched behind it: a model takes longer
 * than this to draft, so the base is no staler than the draft's own time, and the apply checks it all the same.
 */
const DRAFT_STALE_MS = 30_000;

/** The Lead drafts the task's change against the newest revision; the tool layer's guardrails check it. */
export const draft = stageHandler(DRAFT_CONTEXT, async (rt, job, _token, signal) => {
  const step = await taskStep(rt, job);
  if (!step) return 'session not running';
  const { session, revision } = step;
  let task = step.task;
  const taskId = task.id;
  if (task.revision > revision || (task.revision === revision && task.state !== 'drafting')) {
    if (task.state === 'under_review' && task.revision === revision)
      await rt.enqueue({ stage: 'review', data: reviewOf(task) });
    return 'already drafted';
  }
  if (task.state !== 'drafting') {
    const moved = await moveTask(rt, task, ['planned', 'changes_requested'], 'drafting', 'lead', {
      patch: { revision },
    });
    if (!moved) return `task is ${task.state}`;
    task = moved;
  }

  const observation = required(await rt.records.observation(session.id, task.cycle), 'observation');
  const wanted = new Set(task.findingIds);
  const findings = observation.findings.filter((finding) => wanted.has(finding.id));
  // A first draft takes a fetch of the last second (a burst of drafts shares it), or one of the last half minute while
  // a newer one is fetched behind it; a redraft, sent back because the branch moved under it, fetches.
  const { revision: base, files } = await rt.repos.latest(
    session.repo,
    revision === 1 ? { maxAgeMs: DRAFT_FETCH_AGE_MS, staleMs: DRAFT_STALE_MS } : {},
  );
  const feedback = revision > 1 ? await previousFeedback(rt, session.id, taskId, revision - 1) : [];
  const agents = rt.agents(session.models);
  const result = await agents.lead.draft(
    { task, findings, files, baseRevision: base, revision, feedback },
    agentContext(rt, session, signal),
  );

  if (result.kind !== 'proposal') {
    const to = result.kind === 'nothing_to_do' ? 'expired' : 'failed';
    await moveTask(rt, task, ['drafting'], to, 'lead', { reason: result.reason });
    await continueSession(rt, session.id);
    return result.kind;
  }

  const edits = pinEdits(result.edits, files);
  if (result.adr) edits.push(adrEdit(rt, session, task, files, result.adr));
  // Guardrails, and validation that the repo still builds: a failure of either is refused the same way.
  const guard = checkChange(files, edits, rt.config.guardrails);
  if (!guard.ok) {
    await rt.events.append(session.id, {
      type: 'guardrail.refused',
      actor: 'tool',
      taskId,
      message: `guardrails refused ${taskId} r${revision}: ${guard.refusals.map((r) => r.message).join('; ')}`,
      data: { refusals: guard.refusals },
    });
    await moveTask(rt, task, ['drafting'], 'failed', 'tool', {
      reason: `guardrails refused the change: ${guard.refusals.map((r) => r.rule).join(', ')}`,
    });
    await continueSession(rt, session.id);
    return 'refused';
  }

  const proposal: Proposal = {
    taskId,
    revision,
    baseRevision: base,
    edits,
    commitMessage: result.commitMessage,
    adr: result.adr,
    diff: maskedDiff(edits),
    addresses: result.addresses,
    ...(result.humanSteps?.length ? { humanSteps: result.humanSteps } : {}),
    ...(result.followUps?.length ? { followUps: result.followUps } : {}),
    draftedBy: agents.lead.name,
    createdAt: rt.clock().toISOString(),
  };
  // The proposal, its line in the timeline and the task's move to review are one script: none without the others.
  const drafted = rt.events.entry(session.id, {
    type: 'proposal.drafted',
    actor: 'lead',
    taskId,
    message: `${taskId} r${revision}: ${proposal.commitMessage.split('\n')[0]} (${count(edits.length, 'file')})`,
    data: { revision, files: edits.map((edit) => edit.path), base },
  });
  const moved = await moveTask(rt, task, ['drafting'], 'under_review', 'lead', {
    events: [drafted],
    save: rt.records.write.proposal(session.id, proposal),
  });
  if (moved) await rt.enqueue({ stage: 'review', data: reviewOf(moved) });
  return 'drafted';
});

/** What the Lead must answer: a person's request for changes to `revision`, then the Co-Lead's review of it. */
async function previousFeedback(
  rt: Pick<Runtime, 'records' | 'approvals'>,
  sessionId: string,
  taskId: string,
  revision: number,
) {
  const [review, proposal, approval] = await Promise.all([
    rt.records.review(sessionId, taskId, revision),
    rt.records.proposal(sessionId, taskId, revision),
    rt.approvals.find(taskId),
  ]);
  const person =
    approval?.status === 'changes_requested' && approval.revision === revision && approval.comment
      ? [`${approval.decidedBy ?? 'a person'} asked for changes: ${approval.comment}`]
      : [];
  // An approved revision drafted again (the branch moved before it landed) has nothing to answer: same fix, new head.
  if (review?.verdict === 'approve' && (!review.adrRequired || proposal?.adr)) return person;
  return [...person, ...(review && proposal ? adrFeedback(review, proposal) : (review?.comments ?? []))];
}

/** Pins each edit to the content it was drafted against, and drops edits that change nothing. */
function pinEdits(edits: DraftEdit[], files: RepoFiles): FileEdit[] {
  return edits
    .map((edit) => ({ path: edit.path, before: files.get(edit.path) ?? null, after: edit.after }))
    .filter((edit) => edit.before !== edit.after);
}

function adrEdit(
  rt: Pick<Runtime, 'config' | 'clock'>,
  session: Session,
  task: Task,
  files: RepoFiles,
  adr: NonNullable<Proposal['adr']>,
): FileEdit {
  const paths = [...files.keys()];
  const dir = detectAdrDir(paths, rt.config.adrDir);
  const number = nextAdrNumber(paths, dir);
  return {
    path: `${dir}/${adrFileName(number, adr.title)}`,
    before: null,
    after: renderAdr({
      number,
      draft: adr,
      status: 'Accepted',
      date: rt.clock().toISOString().slice(0, 10),
      links: { taskId: task.id, sessionId: session.id },
    }),
  };
}

/** Review ∥ assess → decide of the task's current revision (two jobs in parallel; see pipeline.ts and review.ts). */
function reviewOf(task: Task) {
  return { sessionId: task.sessionId, taskId: task.id, revision: task.revision };
}
