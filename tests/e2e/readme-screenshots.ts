/**
 * `pnpm screenshots`: regenerates README's screenshots (docs/screenshots/*.png) from the states the
 * browser journeys walk through, on a fresh database with the CRM seed and its demo records, in
 * Debian's Chromium at 1280×800 (and 390×844 for the phone). Needs the web app's production build
 * (`pnpm --filter @atrium/designer build`) and a PostgreSQL, as `pnpm test` does.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import setupDatabase from '../../platform/src/testing/global-setup.ts';
import { Journey, launchChromium } from './support/browser.ts';
import { startE2eServer } from './support/server.ts';
import { createE2eTenant } from './support/tenant.ts';
import { choose, drag } from './support/ui.ts';

const SCREENSHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

async function main(): Promise<void> {
  let databaseUrl = '';
  const dropDatabase = await setupDatabase({
    provide: (_key: string, value: string) => {
      databaseUrl = value;
    },
  } as unknown as TestProject);
  const server = await startE2eServer(databaseUrl);
  const browser = await launchChromium();
  const saved: string[] = [];
  try {
    const tenant = await createE2eTenant(server, { prefix: 'readme', seed: 'crm', demo: true, name: 'Atrium Demo' });
    const admin = await tenant.addUser({ displayName: 'Demo admin', role: 'admin' });
    // The refused move of the kanban picture: an opportunity with an amount but no account.
    await tenant.api('POST', '/api/v1/data/opportunity', { name: 'UI test deal', amount: { amount: 5000, currency: 'USD' }, stage: 'prospecting' });
    const account = (await tenant.api<{ data: Array<{ id: string }> }>('GET', '/api/v1/data/account?limit=1')).data[0]?.id;

    /** Saves the journey's current page as README's docs/screenshots/<name>.png (and as a journey artifact). */
    const keep = async (journey: Journey, name: string) => {
      // The pointer out of the way: nothing shows as hovered.
      const size = journey.page.viewportSize() ?? { width: 1280, height: 800 };
      await journey.page.mouse.move(1, size.height - 1);
      const shot = await journey.snap(name);
      mkdirSync(SCREENSHOTS, { recursive: true });
      copyFileSync(shot, join(SCREENSHOTS, `${name}.png`));
      saved.push(`docs/screenshots/${name}.png`);
    };

    const desk = await Journey.open(browser, 'readme', { baseUrl: server.url });
    try {
      await desk.signIn(admin, tenant.key);
      await desk.step('the opportunities list', async (page) => {
        await page.goto('/app/opportunity');
        await page.locator('.ant-table-tbody > tr.ant-table-row').nth(49).waitFor();
        await keep(desk, 'workspace-list');
      });
      await desk.step('a move the stage refuses on the kanban', async (page) => {
        await page.goto('/app/opportunity/kanban');
        const card = page.locator('[data-stage="prospecting"]').getByTestId('kanban-card').filter({ hasText: 'UI test deal' });
        await card.waitFor();
        await drag(page, card, page.locator('[data-stage="proposal"]'), { grab: { x: 0.5, y: 0.85 } });
        await card.getByTestId('card-error').waitFor();
        await page.evaluate(() => window.scrollTo(0, 0));
        await keep(desk, 'workspace-kanban');
      });
      await desk.step('an account’s record page', async (page) => {
        await page.goto(`/app/account/${account}`);
        await page.getByRole('heading', { level: 1 }).waitFor();
        await page.getByText('Opportunities', { exact: true }).last().waitFor();
        await keep(desk, 'workspace-record');
      });
      await desk.step('the designer', async (page) => {
        await page.goto('/designer');
        await page.getByRole('link', { name: 'Opportunity', exact: true }).waitFor();
        await keep(desk, 'designer-objects');
      });
      await desk.step('the list in Chinese', async (page) => {
        await page.goto('/app/opportunity');
        await choose(page, page.getByRole('combobox', { name: 'Language' }), '简体中文');
        await page.getByRole('heading', { name: '商机', level: 1 }).waitFor();
        await page.locator('.ant-table-tbody > tr.ant-table-row').nth(49).waitFor();
        await keep(desk, 'workspace-list-zh-CN');
      });
    } finally {
      await desk.close();
    }

    const phone = await Journey.open(browser, 'readme-phone', { baseUrl: server.url, viewport: { width: 390, height: 844 }, mobile: true });
    try {
      await phone.signIn(admin, tenant.key);
      await phone.step('the list on a phone', async (page) => {
        await page.goto('/app/opportunity');
        await page.getByRole('main').getByRole('listitem').nth(5).waitFor();
        await keep(phone, 'workspace-phone');
      });
    } finally {
      await phone.close();
    }
  } finally {
    await browser.close();
    await server.close();
    await dropDatabase();
  }
  process.stdout.write(`${saved.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`screenshots: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
