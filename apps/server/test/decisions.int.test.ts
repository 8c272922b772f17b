import { type RuntimeOptions, resolveAgents } from '@triad/orchestrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalDetail } from '../src/approval-detail';
import { logIn, postForm } from './forms';
import { type ServerRig, serverRig, waitForEvent, waitUntilSettled } from './harness';

type Agents = ReturnType<NonNullable<RuntimeOptions['agents']>>;
type DraftInput = Parameters<Agents['lead']['draft']>[0];

/** The built-in agents, with every draft input the Lead gets kept in `drafts`. */
function watchedAgents(drafts: DraftInput[]): RuntimeOptions['agents'] {
  return (models) => {
    const agents = resolveAgents(models);
    const lead = agents.lead;
    return {
      lead: {
        name: lead.name,
        plan: (input, context) => lead.plan(input, context),
        draft: (input, context) => {
          drafts.push(input);
          return lead.draft(input, context);
        },
      },
      coLead: agents.coLead,
      cio: agents.cio,
    };
  };
}

/** Decisions beyond approve and reject, and decisions that come too late (app.inject, workers in this process). */
describe('deciding approvals', () => {
  let rig: ServerRig;
  let sessionId: string;
  let approvals: ApprovalDetail[];
  const drafts: DraftInput[] = [];

  beforeAll(async () => {
    rig = await serverRig({ workers: true, runtime: { agents: watchedAgents(drafts) } });
    const started = await rig.app.inject({
      method: 'POST',
      url: '/api/sessions',
      headers: rig.as('alice'),
      payload: { repo: rig.remote, duration: '10m', autoApprove: 'low', maxCycles: 1 },
    });
    expect(started.statusCode, started.body).toBe(201);
    sessionId = started.json().id;
    await waitUntilSettled(rig.rt, sessionId);
    approvals = (await rig.app.inject({ url: '/api/approvals', headers: rig.as('vic') })).json().approvals;
    expect(approvals.length).toBeGreaterThanOrEqual(2);
  }, 90_000);
  afterAll(async () => {
    await rig?.close();
  });

  const decide = (taskId: string, who: string, payload: object) =>
    rig.app.inject({ method: 'POST', url: `/api/approvals/${taskId}`, headers: rig.as(who), payload });

  it('sends a change back to the Lead with the comment as its review feedback, and the timeline says so', async () => {
    const target = approvals[0]!;
    const bare = await decide(target.task.id, 'alice', { decision: 'request_changes', comment: '  ' });
    expect([bare.statusCode, bare.json().code]).toEqual([422, 'comment_required']);

    const comment = 'keep the <old> label, only drop NET_RAW';
    const sent = await decide(target.task.id, 'alice', { decision: 'request_changes', comment });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json().approval).toMatchObject({ status: 'changes_requested', decidedBy: 'alice', comment });

    // The built-in Lead has no other fix: it reads the feedback and gives up, so the second draft ends the task.
    const ended = await waitForEvent(
      rig.rt,
      sessionId,
      (event) => event.type === 'task.transition' && event.taskId === target.task.id && event.data?.to === 'failed',
      60_000,
    );
    expect(ended.message).toContain(`alice asked for changes: ${comment}`);
    const redraft = drafts.find((input) => input.task.id === target.task.id && input.revision === 2);
    expect(redraft?.feedback).toEqual([`alice asked for changes: ${comment}`]);
    const task = await rig.rt.tasks.get(target.task.id);
    expect(task.revision).toBe(2);

    const page = await rig.app.inject({ url: `/sessions/${sessionId}`, headers: rig.as('vic') });
    expect(page.body).toContain(
      `alice asked for changes to ${target.task.id}: keep the &lt;old&gt; label, only drop NET_RAW`,
    );
  });

  it('shows an approver who comes too late who decided and when, not an error', async () => {
    const target = approvals[1]!;
    const url = `/approvals/${target.task.id}`;
    const bob = await logIn(rig, 'bob');
    const page = await rig.app.inject({ url, cookies: bob });
    expect(page.body).toContain('value="request_changes"');
    const approved = await decide(target.task.id, 'alice', { decision: 'approve', comment: 'fine' });
    expect(approved.statusCode, approved.body).toBe(200);

    const late = await postForm(rig, bob, url, url, { decision: 'reject', comment: 'wait' });
    expect([late.statusCode, late.headers.location]).toEqual([303, `${url}?late=1`]);
    const shown = await rig.app.inject({ url: late.headers.location as string, cookies: bob });
    expect(shown.statusCode).toBe(200);
    const decidedAt = (await rig.rt.approvals.find(target.task.id))?.decidedAt ?? 'never';
    expect(shown.body).toMatch(
      /Your decision came too late: it was approved by <strong class="decided-by">alice<\/strong>/,
    );
    expect(shown.body).toContain(`datetime="${decidedAt}"`);
    const api = await decide(target.task.id, 'bob', { decision: 'reject' });
    expect(api.statusCode).toBe(409);
    expect(api.json().message).toBe(
      `the approval for task ${target.task.id} is already approved by alice at ${decidedAt}: nothing changed`,
    );
  });
});
