import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, startBrowser, type TestBrowser } from './browser';
import { remoteCommits, type ServerRig, startServerRig, waitForEvent } from './harness';

describe('the review UI in Debian chromium (playwright-core, real server, workers in this process)', () => {
  let rig: ServerRig;
  let base: string;
  let chromium: TestBrowser;
  let browser: BrowserContext;
  let page: Page;
  let sessionId: string;

  beforeAll(async () => {
    rig = await startServerRig({ workers: true });
    base = await rig.app.listen({ host: '127.0.0.1', port: 0 });
    chromium = await startBrowser({
      viewport: { width: 1280, height: 900 },
    });
    browser = chromium.context;
    page = browser.pages()[0] ?? (await browser.newPage());
  });
  afterAll(async () => {
    await chromium?.close();
    await rig?.close();
  });

  async function logIn(name: string) {
    await page.goto(`${base}/approvals`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.getByLabel('Token').fill(rig.tokens[name] ?? '');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${base}/approvals`);
    expect(await page.locator('.who').textContent()).toContain(name);
  }

  async function logOut() {
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(`${base}/login`);
  }

  it('logs in, starts a session, and the live board shows a change waiting for a person', async () => {
    await logIn('alice');
    await page.goto(`${base}/`);
    await page.getByLabel('Repository').fill(rig.remote);
    await page.getByLabel('Duration').fill('15m');
    await page.getByLabel('Auto-approve up to').selectOption('low');
    await page.getByLabel('Goals (one per line)').fill('harden media');
    await page.getByRole('button', { name: 'Start session' }).click();
    await page.waitForURL(/\/sessions\/\d{8}-[0-9a-f]{6}$/);
    sessionId = page.url().split('/').pop() ?? '';
    // The timeline follows the session over SSE and the board redraws: no reload from the test.
    await page.locator('.column .task[data-state="awaiting_approval"]').first().waitFor({ timeout: 45_000 });
    expect(await page.locator('#timeline .event').last().textContent()).toContain('session started by alice');
    expect(await page.locator('progress[aria-label="Time"]').count()).toBe(1);
  });

  it('shows the approvals queue with the diff, unified and side by side, and keeps a screenshot', async () => {
    await page.goto(`${base}/approvals`);
    const card = page
      .locator('article.approval')
      .filter({ has: page.locator('h2', { hasText: /jellyfin/i }) })
      .first();
    await card.waitFor();
    await card.locator('.diff-table.unified').first().waitFor({ state: 'visible' });
    await card.locator('.diff-table.unified .code.add').first().waitFor({ state: 'visible' });
    await card.locator('.y-key').first().waitFor({ state: 'visible' });
    expect(await card.textContent()).toContain('Co-Lead review');
    expect(await card.textContent()).toContain('Blast radius');
    await card.getByRole('button', { name: 'Approve' }).waitFor({ state: 'visible' });
    await page.screenshot({ path: join(ARTIFACTS, 'approvals.png'), fullPage: true });

    await card.locator('label', { hasText: 'Side by side' }).click();
    await card.locator('.diff-table.split').first().waitFor({ state: 'visible' });
    await card.locator('.diff-table.unified').first().waitFor({ state: 'hidden' });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/approvals`);
    await page.screenshot({ path: join(ARTIFACTS, 'approvals-phone.png'), fullPage: false });
    // Nothing but the diff's own scroll box may be wider than the phone.
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest('.scroll'))
        .map((el) => `${el.tagName.toLowerCase()}.${el.className}`)
        .slice(0, 5),
    );
    expect(wide).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('shows a viewer no approve button, and the API refuses them', async () => {
    await logOut();
    await logIn('vic');
    await page.locator('article.approval').first().waitFor({ state: 'visible' });
    expect(await page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Reject' }).count()).toBe(0);
    expect(await page.locator('article.approval').first().textContent()).toContain('You can watch, not decide');
    const taskId = await page.locator('article.approval').first().getAttribute('data-task');
    const refused = await page.evaluate(
      async ({ taskId }) => {
        const csrf = (document.querySelector('input[name=_csrf]') as HTMLInputElement).value;
        const response = await fetch(`/api/approvals/${taskId}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'csrf-token': csrf },
          body: JSON.stringify({ decision: 'approve' }),
        });
        return { status: response.status, body: await response.json() };
      },
      { taskId },
    );
    expect(refused).toMatchObject({ status: 403, body: { code: 'forbidden' } });
    expect((await rig.rt.approvals.find(taskId ?? ''))?.status).toBe('pending');
    await logOut();
  });

  it('approves one change (the commit carries Approved-by) and rejects another', async () => {
    await logIn('alice');
    const jellyfin = page
      .locator('article.approval')
      .filter({ has: page.locator('h2', { hasText: /jellyfin/i }) })
      .first();
    const approvedTask = (await jellyfin.getAttribute('data-task')) ?? '';
    await jellyfin.getByLabel('Comment').fill('the GPU device is what it needs');
    await jellyfin.getByRole('button', { name: 'Approve' }).click();
    await page.waitForURL(`${base}/approvals/${approvedTask}`);
    expect(await page.locator('.decided').textContent()).toContain('approved');
    expect(await page.locator('.decided').textContent()).toContain('alice');

    await page.goto(`${base}/approvals`);
    const other = page.locator('article.approval').first();
    const rejectedTask = (await other.getAttribute('data-task')) ?? '';
    expect(rejectedTask).not.toBe(approvedTask);
    await other.getByLabel('Comment').fill('not tonight');
    await other.getByRole('button', { name: 'Reject' }).click();
    await page.waitForURL(`${base}/approvals/${rejectedTask}`);
    expect(await page.locator('.decided').textContent()).toContain('rejected');

    await waitForEvent(
      rig.rt,
      sessionId,
      (event) =>
        event.type === 'task.transition' &&
        event.data?.to === 'applied' &&
        JSON.stringify(event).includes(approvedTask),
      45_000,
    );
    const commits = await remoteCommits(rig.remote);
    const commit = commits.find((c) => c.trailers['Triad-Task'] === approvedTask);
    expect(commit?.trailers['Approved-by']).toBe('alice');
    expect(commits.some((c) => c.trailers['Triad-Task'] === rejectedTask)).toBe(false);

    await page.goto(`${base}/sessions/${sessionId}`);
    expect(await page.locator(`#task-${approvedTask}`).textContent()).toContain('approved by alice');
    expect(await page.locator(`#task-${rejectedTask}`).getAttribute('data-state')).toBe('rejected');
  });
});
