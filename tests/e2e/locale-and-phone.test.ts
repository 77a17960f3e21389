import { execFileSync } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Journey, launchChromium } from './support/browser.ts';
import { type E2eServer, startE2eServer } from './support/server.ts';
import { createE2eTenant, type E2eTenant, type E2eUser } from './support/tenant.ts';
import { choose } from './support/ui.ts';

/*
 * The interface in Simplified Chinese (labels from the metadata and the app's own words, glyphs
 * that really render), and the workspace at phone width (390×844): lists as cards, a kanban that
 * scrolls sideways, cards moved with their menu.
 */

let server: E2eServer;
let browser: Browser;
let tenant: E2eTenant;
let user: E2eUser;
let umbrellaId: string;

beforeAll(async () => {
  server = await startE2eServer(inject('databaseUrl'));
  browser = await launchChromium();
  tenant = await createE2eTenant(server, { prefix: 'e2e_locale', seed: 'crm', demo: true });
  user = await tenant.addUser({ displayName: 'Li Na', role: 'admin' });
  const accounts = await tenant.api<{ data: Array<{ id: string }> }>('GET', '/api/v1/data/account?limit=1');
  const umbrella = await tenant.api<{ id: string }>('POST', '/api/v1/data/opportunity', {
    name: 'Umbrella pilot',
    account: accounts.data[0]?.id,
    amount: { amount: 9000, currency: 'USD' },
    stage: 'prospecting',
  });
  umbrellaId = umbrella.id;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Fonts with Chinese glyphs on this machine (fontconfig), or a clear failure: Debian's fonts-noto-cjk. */
function requireCjkFonts(): void {
  let fonts: string;
  try {
    fonts = execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  } catch {
    return; // no fontconfig tools: the rendering check below still tells
  }
  if (!fonts.trim()) {
    throw new Error('no font with Chinese glyphs on this machine: install Debian’s fonts-noto-cjk (apt-get install -y fonts-noto-cjk; .ci/run does it)');
  }
}

/**
 * Whether the page's font draws these characters as glyphs rather than "tofu" boxes: each is
 * drawn on a canvas in the body's font; missing glyphs all come out as the same box, real ones
 * differ from each other and from a character no font has (a private-use code point).
 */
async function glyphsRender(page: Page, text: string): Promise<{ distinct: number; total: number; likeMissing: number }> {
  return page.evaluate((chars) => {
    const font = getComputedStyle(document.body).fontFamily;
    const canvas = document.createElement('canvas');
    canvas.width = 48;
    canvas.height = 48;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2d canvas');
    const draw = (char: string) => {
      context.clearRect(0, 0, 48, 48);
      context.fillStyle = '#000';
      context.font = `32px ${font}`;
      context.fillText(char, 4, 38);
      const pixels = context.getImageData(0, 0, 48, 48).data;
      let bits = '';
      for (let i = 3; i < pixels.length; i += 4) bits += (pixels[i] ?? 0) > 127 ? '1' : '0';
      return bits;
    };
    const missing = draw('\uE000');
    const drawn = [...chars].map(draw);
    return { distinct: new Set(drawn).size, total: drawn.length, likeMissing: drawn.filter((d) => d === missing || !d.includes('1')).length };
  }, text);
}

describe('language and phone', () => {
  it('switches the interface to Simplified Chinese, labels from the metadata included, with real glyphs', async () => {
    requireCjkFonts();
    const journey = await Journey.open(browser, 'zh-cn', { baseUrl: server.url });
    try {
      await journey.signIn(user, tenant.key);
      await journey.step('choose 简体中文 in the header', async (page) => {
        await choose(page, page.getByRole('combobox', { name: 'Language' }), '简体中文');
        const menu = page.getByRole('navigation');
        await menu.getByRole('menuitem', { name: '商机' }).waitFor();
        const items = (await menu.getByRole('menuitem').allTextContents()).map((i) => i.trim());
        expect(items).toEqual(['线索', '客户', '联系人', '商机', '活动', '工单', '设计器']);
        await page.getByRole('heading', { name: '欢迎，Li Na' }).waitFor();
      });
      await journey.step('the opportunities list in Chinese', async (page) => {
        await page.getByRole('menuitem', { name: '商机' }).click();
        await page.getByRole('heading', { name: '商机', level: 1 }).waitFor();
        const table = page.getByRole('table');
        await table.getByRole('columnheader', { name: '商机名称' }).waitFor();
        const headers = (await table.getByRole('columnheader').allTextContents()).map((h) => h.trim()).filter(Boolean);
        expect(headers).toEqual(expect.arrayContaining(['商机名称', '阶段', '客户', '金额']));
        await page.locator('.ant-table-tbody > tr.ant-table-row').nth(9).waitFor();
        // Stage values read in Chinese too.
        expect(await table.getByText('初步接洽').count()).toBeGreaterThan(0);
        const glyphs = await glyphsRender(page, '商机名称阶段客户金额');
        expect(glyphs.likeMissing, 'characters drawn as missing glyphs (tofu)').toBe(0);
        expect(glyphs.distinct, 'distinct glyphs for distinct characters').toBe(glyphs.total);
      });
      await journey.step('a new opportunity’s form in Chinese', async (page) => {
        await page.getByRole('button', { name: '新建商机' }).click();
        await page.getByRole('heading', { name: '新建商机', level: 1 }).waitFor();
        await page.getByRole('textbox', { name: '商机名称' }).waitFor();
        await page.getByText('预计成交日期', { exact: true }).waitFor();
      });
    } finally {
      await journey.close();
    }
  });

  it('works at phone width: the list as cards, a record, the kanban and a card moved with its menu', async () => {
    const journey = await Journey.open(browser, 'phone', { baseUrl: server.url, viewport: { width: 390, height: 844 }, mobile: true });
    const noSidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    try {
      await journey.signIn(user, tenant.key);
      await journey.step('open the opportunities from the menu', async (page) => {
        await page.getByRole('button', { name: 'Menu' }).click();
        await page.getByRole('menuitem', { name: 'Opportunities' }).click();
        await page.getByRole('heading', { name: 'Opportunities', level: 1 }).waitFor();
        // Records are cards: one column, nothing to scroll sideways.
        const cards = page.getByRole('main').getByRole('listitem');
        await cards.nth(9).waitFor();
        expect(await page.getByRole('table').count()).toBe(0);
        expect(await noSidewaysScroll(page)).toBe(true);
      });
      await journey.step('search the list, open a record from its card', async (page) => {
        await page.getByRole('searchbox', { name: 'Search Opportunities…' }).fill('Umbrella');
        await expect.poll(() => page.getByRole('main').getByRole('listitem').count()).toBe(1);
        await page.getByRole('main').getByRole('listitem').filter({ hasText: 'Umbrella pilot' }).getByRole('link', { name: 'Umbrella pilot' }).click();
        await page.getByRole('heading', { name: 'Umbrella pilot' }).waitFor();
        await page.getByText('Opportunity information').waitFor();
        expect(await noSidewaysScroll(page)).toBe(true);
      });
      await journey.step('the kanban scrolls sideways inside the board', async (page) => {
        await page.goto('/app/opportunity/kanban');
        const board = page.getByTestId('kanban');
        await board.getByTestId('kanban-card').first().waitFor();
        expect(await noSidewaysScroll(page)).toBe(true);
        expect(await board.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
      });
      await journey.step('move a card with its menu', async (page) => {
        const umbrella = page.locator('[data-stage="prospecting"]').getByTestId('kanban-card').filter({ hasText: 'Umbrella pilot' });
        await umbrella.getByRole('button', { name: 'Move to…' }).click();
        await page.getByRole('menuitem', { name: 'Qualification' }).click();
        await page.locator('[data-stage="qualification"]').getByTestId('kanban-card').filter({ hasText: 'Umbrella pilot' }).waitFor();
        await expect.poll(async () => (await tenant.api<{ stage: string }>('GET', `/api/v1/data/opportunity/${umbrellaId}`)).stage).toBe('qualification');
      });
    } finally {
      await journey.close();
    }
  });
});
