import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Journey, launchChromium } from './support/browser.ts';
import { type E2eServer, startE2eServer } from './support/server.ts';
import { createE2eTenant, type E2eTenant, type E2eUser } from './support/tenant.ts';

/*
 * Issue 5's quality bar, the part a test can hold without a stopwatch: a bundle split that keeps
 * the designer's code out of the workspace, a list of 50 records painted. How fast it paints is
 * measured by `pnpm bench web` against a hand-written page in the same run (docs/benchmarks.md):
 * the machines are shared, and a timed test would measure its neighbours.
 */

let server: E2eServer;
let browser: Browser;
let tenant: E2eTenant;
let admin: E2eUser;

beforeAll(async () => {
  server = await startE2eServer(inject('databaseUrl'));
  browser = await launchChromium();
  tenant = await createE2eTenant(server, { prefix: 'e2e_paint', seed: 'crm', demo: true });
  admin = await tenant.addUser({ displayName: 'Paula Admin', role: 'admin' });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const ROWS = '.ant-table-tbody > tr.ant-table-row';

/** The app's own chunks the page loaded (hashed files under /assets/). */
function chunksOf(page: Page): () => string[] {
  const urls: string[] = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.startsWith('/assets/') && path.endsWith('.js')) urls.push(path.slice('/assets/'.length));
  });
  return () => [...urls];
}

/** A fresh browser context (nothing cached) of the signed-in user: the session cookie and what the app keeps in localStorage. */
async function freshContextOf(journey: Journey) {
  const context = await browser.newContext({
    baseURL: server.url,
    viewport: { width: 1280, height: 800 },
    locale: 'en-US',
    storageState: await journey.context.storageState(),
  });
  const page = await context.newPage();
  journey.watch(page);
  return { context, page };
}

describe('the workspace list, production build', () => {
  it('does not load the designer, the record form or the kanban code on a list; loads each where it is used', async () => {
    const journey = await Journey.open(browser, 'bundle-split', { baseUrl: server.url });
    try {
      await journey.signIn(admin, tenant.key);
      const listChunks = await journey.step('open the list with nothing cached', async () => {
        const { context, page } = await freshContextOf(journey);
        const chunks = chunksOf(page);
        await page.goto('/app/opportunity');
        await page.locator(ROWS).nth(49).waitFor();
        // Whatever the page fetches after the rows (idle prefetches) counts too.
        await page.waitForLoadState('networkidle');
        const loaded = chunks();
        await context.close();
        return loaded;
      });
      expect(listChunks.length).toBeGreaterThan(0);
      expect(listChunks.filter((c) => /^(designer|record-form|csp-validator|kanban-page)-/.test(c))).toEqual([]);

      const designerChunks = await journey.step('open the designer', async (page) => {
        const chunks = chunksOf(page);
        await page.goto('/designer');
        await page.getByRole('button', { name: 'New object' }).waitFor();
        return chunks();
      });
      expect(designerChunks.some((c) => c.startsWith('designer-'))).toBe(true);

      const formChunks = await journey.step('open a new opportunity form', async (page) => {
        const chunks = chunksOf(page);
        await page.goto('/app/opportunity/new');
        await page.getByRole('textbox', { name: 'Opportunity name' }).waitFor();
        return chunks();
      });
      expect(formChunks.some((c) => c.startsWith('record-form-'))).toBe(true);

      const kanbanChunks = await journey.step('open the kanban', async (page) => {
        const chunks = chunksOf(page);
        await page.goto('/app/opportunity/kanban');
        await page.getByTestId('kanban-card').first().waitFor();
        return chunks();
      });
      expect(kanbanChunks.some((c) => c.startsWith('kanban-page-'))).toBe(true);
    } finally {
      await journey.close();
    }
  });
});
