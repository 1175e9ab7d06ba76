/**
 * Browser-test harness: the app (with the built UI) on a free port, and a Chromium (found by
 * test/setup/chromium.ts) driven by playwright-core. Screenshots go to test/artifacts/ (not committed).
 */
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import axe from 'axe-core';
import { startTestServer, type TestServer } from '../server/helpers.ts';

export const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname;
const WEB = new URL('../../web/dist/', import.meta.url).pathname;

export interface Harness {
  server: TestServer;
  browser: Browser;
  page: (viewport?: { width: number; height: number }) => Promise<Page>;
  close: () => Promise<void>;
}

/** Starts the server and the browser (`executablePath`: the Chromium to drive). */
export async function startHarness(executablePath: string, env: Record<string, string> = {}): Promise<Harness> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const server = await startTestServer({ PARALLAX_ALLOW_PRIVATE_URLS: '1', PARALLAX_RATE_LIMIT: '0', ...env }, undefined, WEB);
  const browser = await chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    server,
    browser,
    // bypassCSP only so axe-core can be injected for the accessibility scan; the app itself runs under its CSP.
    page: async (viewport = { width: 1400, height: 900 }) => {
      const context = await browser.newContext({ viewport, bypassCSP: true, acceptDownloads: true });
      const page = await context.newPage();
      page.on('pageerror', (e) => {
        throw new Error(`page error: ${e.message}`);
      });
      return page;
    },
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

/** Serious and critical accessibility violations on the page (axe-core, WCAG 2 A and AA rules). */
export async function axeViolations(page: Page): Promise<{ id: string; impact: string | null; help: string; nodes: string[] }[]> {
  await page.addScriptTag({ content: axe.source });
  const result = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } };
    return w.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
}
