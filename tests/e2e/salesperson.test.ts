import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Journey, launchChromium } from './support/browser.ts';
import { type E2eServer, startE2eServer } from './support/server.ts';
import { createE2eTenant, type E2eTenant, type E2eUser, uniqueName } from './support/tenant.ts';
import { drag, formItem } from './support/ui.ts';

/*
 * The salesperson journey (issue 5): a member with a restricted permission set and role, added by
 * an admin through the admin API, works the CRM seed's opportunities: creates records and sees the
 * validation rule's error at the field, edits in place in the list, moves cards on the kanban (a
 * stage rule refuses a move with its message), and never sees the field their set hides.
 */

let server: E2eServer;
let browser: Browser;
let tenant: E2eTenant;
let sam: E2eUser;
let initechId: string;

/** Every opportunity field but the one sales may not see. */
const HIDDEN = 'closeDate';

interface Row {
  id: string;
  [field: string]: unknown;
}

beforeAll(async () => {
  server = await startE2eServer(inject('databaseUrl'));
  browser = await launchChromium();
  tenant = await createE2eTenant(server, { prefix: 'e2e_sales', seed: 'crm', demo: true });

  // What an admin sets up with the admin API: a role, a permission set, the user.
  const role = await tenant.api<{ id: string }>('POST', '/api/v1/admin/roles', { name: 'Sales rep' });
  const meta = await tenant.api<{ bundle: { objects: Array<{ apiName: string; fields: Array<{ apiName: string }> }> } }>('GET', '/api/v1/meta');
  const opportunityFields = meta.bundle.objects.find((o) => o.apiName === 'opportunity')?.fields.map((f) => f.apiName) ?? [];
  expect(opportunityFields).toContain(HIDDEN);
  const set = await tenant.api<{ id: string }>('POST', '/api/v1/admin/permission-sets', {
    name: 'Sales',
    objects: {
      opportunity: { read: true, create: true, update: true },
      account: { read: true },
      contact: { read: true },
    },
    fields: {
      opportunity: Object.fromEntries(opportunityFields.filter((f) => f !== HIDDEN).map((f) => [f, 'edit'])),
      account: { '*': 'read' },
      contact: { '*': 'read' },
    },
  });
  const temporary = `temp-${uniqueName('pw')}`;
  const email = `${uniqueName('sam')}@e2e.atrium.local`;
  const member = await tenant.api<{ id: string; role: { name: string }; permissionSetIds: string[] }>('POST', '/api/v1/admin/users', {
    email,
    displayName: 'Sam Seller',
    password: temporary,
    admin: false,
    roleId: role.id,
    permissionSetIds: [set.id],
  });
  expect(member.role.name).toBe('Sales rep');
  sam = { id: member.id, email, password: temporary, displayName: 'Sam Seller' };

  // An opportunity ready for a proposal (it has an account and an amount), last touched just now.
  const accounts = await tenant.api<{ data: Row[] }>('GET', '/api/v1/data/account?limit=1');
  const initech = await tenant.api<Row>('POST', '/api/v1/data/opportunity', {
    name: 'Initech renewal',
    account: accounts.data[0]?.id,
    amount: { amount: 42000, currency: 'USD' },
    stage: 'prospecting',
  });
  initechId = initech.id;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function opportunityNamed(name: string): Promise<Row | undefined> {
  const found = await tenant.api<{ data: Row[] }>('GET', `/api/v1/data/opportunity?filter=${encodeURIComponent(JSON.stringify({ name: { eq: name } }))}`);
  return found.data[0];
}

function column(page: Page, stage: string): Locator {
  return page.locator(`[data-stage="${stage}"]`);
}

function card(page: Page, stage: string, name: string): Locator {
  return column(page, stage).getByTestId('kanban-card').filter({ hasText: name });
}

describe('salesperson journey', () => {
  it('creates, edits in place and moves opportunities, and never sees the hidden field', async () => {
    const journey = await Journey.open(browser, 'salesperson', { baseUrl: server.url });
    try {
      await journey.signIn(sam, tenant.key, { newPassword: 'sam-chooses-a-long-password' });

      await journey.step('only what the permission set allows is in the navigation', async (page) => {
        await page.getByRole('heading', { name: 'Welcome, Sam Seller' }).waitFor();
        const menu = page.getByRole('navigation', { name: 'Menu' });
        await menu.getByRole('menuitem', { name: 'Opportunities' }).waitFor();
        const items = await menu.getByRole('menuitem').allTextContents();
        expect(items.map((i) => i.trim())).toEqual(['Accounts', 'Contacts', 'Opportunities']);
      });

      await journey.step('a new opportunity: the rule’s error shows at the Amount field', async (page) => {
        await page.getByRole('menuitem', { name: 'Opportunities' }).click();
        await page.getByRole('button', { name: 'New Opportunity' }).click();
        await page.getByRole('heading', { name: 'New Opportunity', level: 1 }).waitFor();
        await page.getByRole('textbox', { name: 'Opportunity name' }).fill('Globex expansion');
        // The hidden field is not in the form.
        await formItem(page, 'Amount').waitFor();
        expect(await formItem(page, 'Close date').count()).toBe(0);
        await formItem(page, 'Amount').getByRole('spinbutton').fill('-500');
        await page.getByRole('button', { name: 'Create' }).click();
        await formItem(page, 'Amount').getByText('The amount must not be negative.').waitFor();
      });

      await journey.step('fix the amount and create it', async (page) => {
        await formItem(page, 'Amount').getByRole('spinbutton').fill('25000');
        await page.getByRole('button', { name: 'Create' }).click();
        await page.getByRole('heading', { name: 'Globex expansion' }).waitFor();
        const main = page.getByRole('main');
        await main.getByText('Amount', { exact: true }).first().waitFor();
        expect(await main.getByText('Close date', { exact: true }).count()).toBe(0);
        // No delete permission: no Delete button.
        expect(await page.getByRole('button', { name: 'Delete' }).count()).toBe(0);
        const saved = await opportunityNamed('Globex expansion');
        expect(saved?.amount).toEqual({ amount: 25000, currency: 'USD' });
        expect(saved?.stage).toBe('prospecting');
      });

      await journey.step('the list has no column for the hidden field, nor offers one', async (page) => {
        await page.getByRole('menuitem', { name: 'Opportunities' }).click();
        const table = page.getByRole('table');
        await table.getByRole('columnheader', { name: 'Amount' }).waitFor();
        const headers = (await table.getByRole('columnheader').allTextContents()).map((h) => h.trim()).filter(Boolean);
        expect(headers).toContain('Opportunity name');
        expect(headers).not.toContain('Close date');
        await page.getByRole('button', { name: 'Columns' }).click();
        const chooser = page.locator('.ant-popover:not(.ant-popover-hidden)');
        await chooser.getByText('Stage', { exact: true }).waitFor();
        expect(await chooser.getByText('Close date', { exact: true }).count()).toBe(0);
        await page.keyboard.press('Escape');
      });

      await journey.step('edit the amount in place in the list', async (page) => {
        await page.getByRole('searchbox', { name: 'Search Opportunities…' }).fill('Globex');
        const row = page.getByRole('row').filter({ hasText: 'Globex expansion' });
        await row.waitFor();
        await expect.poll(() => page.locator('.ant-table-tbody > tr.ant-table-row').count()).toBe(1);
        // The pencil shows on the row under the pointer. The rule holds in place too: a negative amount is refused at the cell.
        await row.hover();
        await row.getByRole('button', { name: 'Edit Amount' }).click();
        const input = row.getByTestId('edit-amount').getByRole('spinbutton');
        await input.fill('-1');
        await input.press('Enter');
        await page.getByRole('tooltip').getByText('The amount must not be negative.').waitFor();
        await journey.snap('refused');
        await input.fill('30000');
        await input.press('Enter');
        await row.getByText('$30,000.00').waitFor();
        expect((await opportunityNamed('Globex expansion'))?.amount).toEqual({ amount: 30000, currency: 'USD' });
      });

      await journey.step('a move the stage refuses shows the rule’s message on the card', async (page) => {
        // The List / Kanban switch of the object's page.
        await page.locator('label.ant-segmented-item', { hasText: 'Kanban' }).click();
        await page.waitForURL(/\/app\/opportunity\/kanban$/);
        const globex = card(page, 'prospecting', 'Globex expansion');
        await globex.waitFor();
        // Grab the card below its name (the name is a link).
        await drag(page, globex, column(page, 'proposal'), { grab: { x: 0.5, y: 0.85 } });
        await globex.getByTestId('card-error').getByText('A proposal needs an account and an amount.').waitFor();
        expect(await card(page, 'proposal', 'Globex expansion').count()).toBe(0);
        expect((await opportunityNamed('Globex expansion'))?.stage).toBe('prospecting');
      });

      await journey.step('move a card that meets the stage’s rule', async (page) => {
        const initech = card(page, 'prospecting', 'Initech renewal');
        await initech.waitFor();
        await drag(page, initech, column(page, 'proposal'), { grab: { x: 0.5, y: 0.85 } });
        await card(page, 'proposal', 'Initech renewal').waitFor();
        await expect.poll(async () => (await tenant.api<Row>('GET', `/api/v1/data/opportunity/${initechId}`)).stage).toBe('proposal');
        expect(await card(page, 'prospecting', 'Initech renewal').count()).toBe(0);
      });

      await journey.step('the record page has no hidden field either', async (page) => {
        await card(page, 'proposal', 'Initech renewal').getByRole('link', { name: 'Initech renewal' }).click();
        await page.getByRole('heading', { name: 'Initech renewal' }).waitFor();
        const main = page.getByRole('main');
        await main.getByText('Stage', { exact: true }).first().waitFor();
        expect(await main.getByText('Close date', { exact: true }).count()).toBe(0);
        // The API agrees: the record comes without the field.
        const answer = await fetch(`${server.url}/api/v1/data/opportunity/${initechId}`, {
          headers: { cookie: (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ') },
        });
        expect(answer.status).toBe(200);
        expect(Object.keys((await answer.json()) as object)).not.toContain(HIDDEN);
      });
    } finally {
      await journey.close();
    }
  });
});
