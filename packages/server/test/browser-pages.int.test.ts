import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowser, type TestBrowser } from './browser';
import { type ServerRig, startServerRig } from './harness';

/** What a page did that its server did not mean it to: CSP violations it reported, and requests to other hosts. */
interface Trespasses {
  violations: string[];
  outside: string[];
}

describe('the pages the app serves load only from the app, within its CSP (Debian chromium)', () => {
  let rig: ServerRig;
  let base: string;
  let chromium: TestBrowser;
  let browser: BrowserContext;
  let page: Page;
  const seen: Trespasses = { violations: [], outside: [] };

  beforeAll(async () => {
    rig = await startServerRig();
    base = await rig.app.listen({ host: '127.0.0.1', port: 0 });
    chromium = await startBrowser({
      viewport: { width: 1280, height: 800 },
    });
    browser = chromium.context;
    page = browser.pages()[0] ?? (await browser.newPage());
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) seen.violations.push(message.text());
    });
    await page.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.host !== new URL(base).host && url.protocol !== 'data:') {
        seen.outside.push(url.href);
        return route.abort();
      }
      return route.continue();
    });
    await page.goto(`${base}/login`);
    await page.getByLabel('Token').fill(rig.tokens.root ?? '');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${base}/`);
  }, 120_000);
  afterAll(async () => {
    await chromium?.close();
    await rig?.close();
  });

  async function visit(path: string, ready: string): Promise<Trespasses> {
    seen.violations.length = 0;
    seen.outside.length = 0;
    await page.goto(`${base}${path}`);
    await page.locator(ready).first().waitFor({ timeout: 20_000 });
    await page.waitForLoadState('networkidle');
    return { violations: [...seen.violations], outside: [...seen.outside] };
  }

  it('the queue dashboard', async () => {
    expect(await visit('/admin/queues', '#root *')).toEqual({ violations: [], outside: [] });
  });

  it('the API documentation', async () => {
    expect(await visit('/api/docs', '.swagger-ui .info')).toEqual({ violations: [], outside: [] });
  });
});
