import { join } from 'node:path';
import type { Approval, Task } from '@triad/core';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, startBrowser, type TestBrowser } from './browser';
import { type ServerRig, startServerRig, startSessionViaApi, taskRecord } from './harness';

const MINUTE = 60_000;
const SIZES = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/**
 * Pages a person keeps open, updated in place: a session started through the API (no workers), tasks, events and
 * approvals written as the workers write them, the pages read in chromium. A marker set on `window` proves no reload.
 */
describe('live pages without reloads (Debian chromium)', () => {
  let rig: ServerRig;
  let base: string;
  let chromium: TestBrowser;
  let sessionId: string;
  let serial = 0;

  beforeAll(async () => {
    rig = await startServerRig();
    base = await rig.app.listen({ host: '127.0.0.1', port: 0 });
    sessionId = await startSessionViaApi(rig, { repo: rig.remote, duration: '1h' });
    chromium = await startBrowser({ extraHTTPHeaders: rig.as('alice') });
  }, 120_000);
  afterAll(async () => {
    await chromium?.close();
    await rig?.close();
  });

  /** A new task of the session, announced as the Lead announces one. */
  async function planTask(title: string): Promise<Task> {
    const task = taskRecord(sessionId, { id: `${sessionId}-t${++serial}`, title, state: 'planned' });
    await rig.rt.tasks.create(task);
    await rig.rt.events.append(sessionId, {
      type: 'task.created',
      actor: 'lead',
      taskId: task.id,
      message: `${task.id} planned: ${title}`,
    });
    return task;
  }

  /** Walks a task to `awaiting_approval` and asks for a person, as the decide step does. */
  async function askForApproval(task: Task): Promise<Approval> {
    await rig.rt.tasks.move(task.id, ['planned'], 'drafting');
    await rig.rt.tasks.move(task.id, ['drafting'], 'under_review');
    await rig.rt.tasks.move(task.id, ['under_review'], 'awaiting_approval', { patch: { risk: 'high' } });
    await rig.rt.events.append(sessionId, {
      type: 'task.transition',
      actor: 'cio',
      taskId: task.id,
      message: `${task.id} under_review → awaiting_approval`,
      data: { from: 'under_review', to: 'awaiting_approval' },
    });
    const now = Date.now();
    const approval: Approval = {
      taskId: task.id,
      sessionId,
      revision: 1,
      level: 'high',
      status: 'pending',
      requestedAt: new Date(now).toISOString(),
      expiresAt: new Date(now + 30 * MINUTE).toISOString(),
    };
    await rig.rt.approvals.request(approval);
    await rig.rt.events.append(sessionId, {
      type: 'approval.requested',
      actor: 'cio',
      taskId: task.id,
      message: `${task.id} waits for a person`,
    });
    await rig.rt.onApprovalRequested(approval);
    return approval;
  }

  async function open(path: string, size: (typeof SIZES)[number]): Promise<Page> {
    const page = await chromium.context.newPage();
    await page.setViewportSize({ width: size.width, height: size.height });
    await page.goto(`${base}${path}`);
    await page.evaluate(() => {
      (window as unknown as { triadMarker: string }).triadMarker = 'still here';
    });
    return page;
  }

  const marker = (page: Page) => page.evaluate(() => (window as unknown as { triadMarker?: string }).triadMarker);

  for (const size of SIZES) {
    it(`adds a new task card and moves it to a person, in place (${size.name})`, async () => {
      const page = await open(`/sessions/${sessionId}`, size);
      await page.locator('#timeline[data-stream]').waitFor({ state: 'attached' });
      const task = await planTask(`Drop NET_RAW from the ${size.name} app`);
      const card = page.locator(`#task-${task.id}`);
      await page.locator(`.column[data-states~="planned"] #task-${task.id}`).waitFor();
      expect(await card.locator('a.title').getAttribute('href')).toBe(`/sessions/${sessionId}/tasks/${task.id}`);
      expect(await page.locator('#no-tasks').count()).toBe(0);

      await askForApproval(task);
      await page.locator(`.column[data-states~="awaiting_approval"] #task-${task.id} a.button`).waitFor();
      expect(await card.locator('a.button').getAttribute('href')).toBe(`/approvals/${task.id}`);
      expect(await page.locator('#timeline .event .message').first().textContent()).toBe(
        `${task.id} waits for a person`,
      );
      expect(await marker(page)).toBe('still here');
      await page.screenshot({ path: join(ARTIFACTS, `session-live-${size.width}.png`), fullPage: true });
      await page.close();
    });

    it(`shows a new approval on /approvals, counted in the badge and the title, and its decision (${size.name})`, async () => {
      const page = await open('/approvals', size);
      await page.locator('#approvals[data-stream]').waitFor();
      const before = (await rig.rt.approvals.pending()).length;
      const badge = page.locator('#approvals-badge');
      await page.waitForFunction(
        (n) => document.title === (n ? `(${n}) Approvals · Triad` : 'Approvals · Triad'),
        before,
      );

      const task = await planTask(`Move grafana onto a claim (${size.name})`);
      await askForApproval(task);
      const card = page.locator(`#pending-approvals #approval-${task.id}`);
      await card.waitFor();
      await page.waitForFunction((n) => document.title === `(${n}) Approvals · Triad`, before + 1);
      expect(await badge.textContent()).toBe(String(before + 1));
      expect(await badge.isVisible()).toBe(true);
      expect(await card.locator('button[value="request_changes"]').count()).toBe(1);
      expect(await marker(page)).toBe('still here');
      await page.screenshot({ path: join(ARTIFACTS, `approvals-live-${size.width}.png`), fullPage: true });

      const decided = await rig.app.inject({
        method: 'POST',
        url: `/api/approvals/${task.id}`,
        headers: rig.as('bob'),
        payload: { decision: 'reject', comment: 'not during the day' },
      });
      expect(decided.statusCode, decided.body).toBe(200);
      await card.locator('.decided').waitFor();
      expect(await card.locator('.decided').textContent()).toContain('by bob');
      await page.waitForFunction(
        (n) => document.title === (n ? `(${n}) Approvals · Triad` : 'Approvals · Triad'),
        before,
      );
      expect(await badge.isVisible()).toBe(before > 0);
      expect(await marker(page)).toBe('still here');
      await page.close();
    });
  }

  for (const size of SIZES) {
    it(`sends a change back to the Lead from its page, and the history shows it without overflowing (${size.name})`, async () => {
      const task = await planTask(`Pin ollama to the GPU node (${size.name})`);
      await askForApproval(task);
      const page = await open(`/approvals/${task.id}`, size);
      await page.getByLabel('Comment').fill('use the node label, not the hostname');
      await page.getByRole('button', { name: 'Request changes' }).click();
      await page.locator('.decided .approval-changes_requested').waitFor();
      expect(await page.locator('.decided').textContent()).toContain('by alice');
      expect(await page.locator('.decided').textContent()).toContain('use the node label, not the hostname');
      expect((await rig.rt.tasks.get(task.id)).state).toBe('changes_requested');

      await page.goto(`${base}/approvals?session=${sessionId}&state=changes_requested`);
      const row = page.locator(`#approval-history tr[data-task="${task.id}"]`);
      await row.waitFor();
      expect(await row.locator('.by').textContent()).toBe('alice');
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      const wider = await page.locator('#approval-history').evaluate((table) => table.scrollWidth - table.clientWidth);
      expect(wider).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(ARTIFACTS, `approval-history-${size.width}.png`), fullPage: true });
      await page.close();
    });
  }

  it('shows the end of the session in place: its state, no stop button, no countdown', async () => {
    const page = await open(`/sessions/${sessionId}`, SIZES[0]);
    await page.locator('#timeline[data-stream]').waitFor({ state: 'attached' });
    expect(await page.getByRole('button', { name: 'Stop session' }).count()).toBe(1);
    await rig.rt.events.append(sessionId, {
      type: 'session.ended',
      actor: 'system',
      message: 'session ended (stopped)',
      data: { reason: 'stopped' },
    });
    await page.waitForFunction(() => document.getElementById('session-state')?.textContent === 'ended · stopped');
    expect(await page.getByRole('button', { name: 'Stop session' }).count()).toBe(0);
    expect(await page.locator('.time-box .muted').textContent()).toBe('ended');
    expect(await marker(page)).toBe('still here');
    await page.close();
  });
});
