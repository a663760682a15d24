/**
 * Test support: Debian's Chromium driven by playwright-core (no browser download is possible
 * here). Flags from the stack page: no background networking, no QUIC, no sandbox (root).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { TestApp } from './test-app.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}

/**
 * Console errors, page errors, failed requests and error statuses seen by a page, gathered as
 * they happen. A request the browser itself cancelled because the page moved on (the favicon
 * still loading when the test navigates: `net::ERR_ABORTED`) is no problem of the page; a missing
 * resource still shows as its status.
 */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('requestfailed', (r) => {
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`failed: ${r.url()} (${r.failure()?.errorText})`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()}: ${r.url()}`);
  });
  return problems;
}

/** The WCAG 2.1 A and AA rules, which every browser test checks its pages against with axe. */
export const WCAG21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Axe's violations on the page, one line each: `label`, the rule, its impact and help, and where. */
export async function axeViolations(page: Page, label: string, tags: readonly string[] = WCAG21_AA): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags([...tags]).analyze();
  return result.violations.map((v) => `${label}: ${v.id} (${v.impact}) — ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * Where a browser test keeps its screenshots for a person to look at: `$MASTHEAD_SHOTS_DIR/<name>`,
 * else `<tmpdir>/masthead-shots/<name>`. Made if missing.
 */
export function shotsDir(name: string): string {
  const dir = path.join(process.env.MASTHEAD_SHOTS_DIR ?? path.join(os.tmpdir(), 'masthead-shots'), name);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Whole-page screenshots at 1280 and 390 px wide, `<dir>/<name>-<width>.png`; the page is 1280 px wide again after. */
export async function screenshotWidths(page: Page, dir: string, name: string): Promise<void> {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${dir}/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** Starts the test app's server on 127.0.0.1 (`port` 0: any free one) for a browser; its base URL. */
export async function serveForBrowser(t: TestApp, port = 0): Promise<string> {
  await t.app.listen({ port, host: '127.0.0.1' });
  const addr = t.app.server.address();
  return `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
}
