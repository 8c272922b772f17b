import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalDetail } from '../src/approval-detail';
import { type ServerRig, startServerRig, startSessionViaApi, waitForEvent, waitUntilSettled } from './harness';

/**
 * Two approved changes that each drafted ADR 0001 on the same revision: the second one lands as 0002. Its approval
 * page and its task page show what was committed and why it differs (app.inject, workers in this process).
 */
describe('a commit that is not exactly the approved change', () => {
  let rig: ServerRig;
  let sessionId: string;
  let withAdr: ApprovalDetail[];

  beforeAll(async () => {
    rig = await startServerRig({ workers: true });
    sessionId = await startSessionViaApi(rig, { repo: rig.remote, duration: '10m', autoApprove: 'low', maxCycles: 1 });
    await waitUntilSettled(rig.rt, sessionId);
    const approvals: ApprovalDetail[] = (await rig.app.inject({ url: '/api/approvals', headers: rig.as('vic') })).json()
      .approvals;
    withAdr = approvals.filter((detail) => detail.proposal?.files.some((path) => path.startsWith('docs/adr/0001-')));
    expect(withAdr.length).toBeGreaterThanOrEqual(2);
  }, 90_000);
  afterAll(async () => {
    await rig?.close();
  });

  async function approveAndLand(detail: ApprovalDetail) {
    const landed = waitForEvent(
      rig.rt,
      sessionId,
      (event) => event.type === 'task.transition' && event.taskId === detail.task.id && event.data?.to === 'applied',
    );
    const response = await rig.app.inject({
      method: 'POST',
      url: `/api/approvals/${detail.task.id}`,
      headers: rig.as('alice'),
      payload: { decision: 'approve' },
    });
    expect(response.statusCode, response.body).toBe(200);
    await landed;
  }

  it('shows the committed diff and says what changed and why, on the approval page and the task page', async () => {
    const [first, second] = [withAdr[0]!, withAdr[1]!];
    await approveAndLand(first);
    await approveAndLand(second);

    const asApproved = second.proposal?.files.find((path) => path.startsWith('docs/adr/0001-')) ?? '';
    const asCommitted = asApproved.replace('docs/adr/0001-', 'docs/adr/0002-');
    const api = (await rig.app.inject({ url: `/api/approvals/${second.task.id}`, headers: rig.as('vic') })).json();
    expect(api.task.committedChange.changes).toEqual([
      `${asApproved} was committed as ${asCommitted}: another change took its number before this one landed`,
    ]);
    expect(api.task.committedChange.diff).toContain(`+++ b/${asCommitted}`);

    const page = (await rig.app.inject({ url: `/approvals/${second.task.id}`, headers: rig.as('vic') })).body;
    expect(page).toContain('<h3>What was committed</h3>');
    expect(page).toContain(`${asApproved} was committed as ${asCommitted}: another change took its number`);
    expect(page).toContain(`<code>${asCommitted}</code>`);
    expect(page).toContain('<h3>The change as approved</h3>');
    expect(page.indexOf('What was committed')).toBeLessThan(page.indexOf('The change as approved'));

    const taskPage = (
      await rig.app.inject({ url: `/sessions/${sessionId}/tasks/${second.task.id}`, headers: rig.as('vic') })
    ).body;
    expect(taskPage).toContain('<h3>What was committed</h3>');
    expect(taskPage).toContain(`<code>${asCommitted}</code>`);
    const board = (await rig.app.inject({ url: `/sessions/${sessionId}`, headers: rig.as('vic') })).body;
    expect(board).toContain('not as approved');

    const untouched = (await rig.app.inject({ url: `/approvals/${first.task.id}`, headers: rig.as('vic') })).body;
    expect(untouched).not.toContain('What was committed');
    expect(untouched).toContain('<h3>The change</h3>');
  });
});
