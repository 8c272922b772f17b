import { join } from 'node:path';
import type { Task } from '@triad/core';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, startBrowser, type TestBrowser } from './browser';
import { type ServerRig, startServerRig, startSessionViaApi, taskRecord } from './harness';

const MINUTE = 60_000;

/**
 * The session page as a person keeps it open: a session started through the API (no workers, so nothing moves but
 * what the test writes), tasks and events written to the stores, the page read at desktop and phone widths.
 */
describe('the session page over a long session (Debian chromium)', () => {
  let rig: ServerRig;
  let base: string;
  let chromium: TestBrowser;
  let browser: BrowserContext;
  let sessionId: string;

  const task = (fields: Partial<Task> & Pick<Task, 'id' | 'title' | 'state'>) =>
    taskRecord(sessionId, fields, new Date(Date.now() - 30 * MINUTE).toISOString());

  beforeAll(async () => {
    rig = await startServerRig();
    base = await rig.app.listen({ host: '127.0.0.1', port: 0 });
    sessionId = await startSessionViaApi(rig, { repo: rig.remote, duration: '10m' });
    const longId = `${sessionId}-t1-${'x'.repeat(120)}`;
    await rig.rt.tasks.create(
      task({ id: longId, title: `Drop capabilities of ${'a-very-long-container-name-'.repeat(6)}`, state: 'planned' }),
    );
    await rig.rt.tasks.create(
      task({ id: `${sessionId}-t2`, title: 'Move grafana onto a claim', state: 'awaiting_approval' }),
    );
    for (const message of ['first thing that happened', 'second thing', 'third thing']) {
      await rig.rt.events.append(sessionId, { type: 'tool.call', actor: 'lead', message });
    }
    chromium = await startBrowser({
      extraHTTPHeaders: rig.as('alice'),
      timezoneId: 'Pacific/Auckland',
    });
    browser = chromium.context;
  }, 120_000);
  afterAll(async () => {
    await chromium?.close();
    await rig?.close();
  });

  async function open(width: number, height: number): Promise<Page> {
    const page = await browser.newPage();
    await page.setViewportSize({ width, height });
    await page.goto(`${base}/sessions/${sessionId}`);
    await page.locator('#timeline .event').first().waitFor();
    return page;
  }

  it('shows the newest events first, in relative time with the local date on hover, and puts live ones on top', async () => {
    const page = await open(1280, 800);
    const messages = await page.locator('#timeline .event .message').allTextContents();
    expect(messages.slice(0, 3)).toEqual(['third thing', 'second thing', 'first thing that happened']);
    const time = page.locator('#timeline .event time').first();
    expect(await time.textContent()).toBe('just now');
    const iso = (await time.getAttribute('datetime')) ?? '';
    expect(await time.getAttribute('title')).toBe(await page.evaluate((at) => new Date(at).toLocaleString(), iso));
    await rig.rt.events.append(sessionId, {
      type: 'tool.call',
      actor: 'cio',
      message: 'arrived while the page was open',
    });
    await page.locator('#timeline .event .message', { hasText: 'arrived while the page was open' }).waitFor();
    expect(await page.locator('#timeline .event .message').first().textContent()).toBe(
      'arrived while the page was open',
    );
    await page.close();
  });

  it('counts the time left down without a reload', async () => {
    const page = await open(1280, 800);
    const left = page.locator('.time-box .muted');
    const first = await left.textContent();
    expect(first).toMatch(/^\d{1,2}m\d{1,2}s left$/);
    await page.waitForFunction((before) => document.querySelector('.time-box .muted')?.textContent !== before, first, {
      timeout: 90_000,
    });
    expect(await left.textContent()).toMatch(/^\d{1,2}m\d{1,2}s left$/);
    await page.close();
  });

  it('fits the board in 1280 px, with no card overflowing, and keeps a screenshot', async () => {
    const page = await open(1280, 800);
    const board = await page
      .locator('.board')
      .evaluate((node) => ({ scroll: node.scrollWidth, client: node.clientWidth }));
    expect(board.scroll).toBeLessThanOrEqual(board.client);
    const overflowing = await page
      .locator('.task')
      .evaluateAll((cards) => cards.filter((card) => card.scrollWidth > card.clientWidth).length);
    expect(overflowing).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'session-board-1280.png'), fullPage: true });
    await page.close();
  });

  it('puts the states that hold tasks first on a phone', async () => {
    const page = await open(390, 844);
    const tops = await page.locator('.board .column').evaluateAll((columns) =>
      columns.map((column) => ({
        empty: column.hasAttribute('data-empty'),
        top: column.getBoundingClientRect().top,
      })),
    );
    const lowestFull = Math.max(...tops.filter((c) => !c.empty).map((c) => c.top));
    const highestEmpty = Math.min(...tops.filter((c) => c.empty).map((c) => c.top));
    expect(tops.filter((c) => !c.empty)).toHaveLength(2);
    expect(lowestFull).toBeLessThan(highestEmpty);
    await page.screenshot({ path: join(ARTIFACTS, 'session-board-390.png'), fullPage: true });
    await page.close();
  });
});
