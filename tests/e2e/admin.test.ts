import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Journey, launchChromium } from './support/browser.ts';
import { type E2eServer, startE2eServer } from './support/server.ts';
import { createE2eTenant, type E2eTenant, type E2eUser } from './support/tenant.ts';
import { applyPlannedChange, choose, chooseBySearch, drag, formItem } from './support/ui.ts';

/*
 * The admin journey (issue 5): without code, an admin models a Project object — fields of several
 * types, its layout arranged by drag and drop, a pipeline, a validation rule tested on a sample
 * record — sees the plan of each change, must acknowledge a destructive one, and the workspace
 * follows at once.
 */

let server: E2eServer;
let browser: Browser;
let tenant: E2eTenant;
let admin: E2eUser;

beforeAll(async () => {
  server = await startE2eServer(inject('databaseUrl'));
  browser = await launchChromium();
  tenant = await createE2eTenant(server, { prefix: 'e2e_admin', seed: 'crm' });
  admin = await tenant.addUser({ displayName: 'Ada Admin', role: 'admin' });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface ProjectObject {
  fields: Array<{ apiName: string; type: string; config?: Record<string, unknown> }>;
}

async function project(): Promise<ProjectObject | undefined> {
  const meta = await tenant.api<{ bundle: { objects: Array<ProjectObject & { apiName: string }> } }>('GET', '/api/v1/meta');
  return meta.bundle.objects.find((o) => o.apiName === 'project');
}

/** Adds a field through the field editor and applies the plan. */
async function addField(page: Page, type: string, label: string, settings?: (editor: ReturnType<Page['getByTestId']>) => Promise<void>) {
  await page.getByRole('tab', { name: 'Fields' }).click();
  await page.getByRole('button', { name: 'New field' }).click();
  const editor = page.getByTestId('field-editor');
  await chooseBySearch(page, editor.getByRole('combobox', { name: 'Type' }), type, new RegExp(`^${type}$`));
  await editor.getByRole('textbox', { name: 'Label (English)' }).fill(label);
  await settings?.(editor);
  await editor.getByRole('button', { name: 'Review and add' }).click();
  const plan = await applyPlannedChange(page);
  await page.getByTestId('object-page').waitFor();
  await page.getByRole('table').getByRole('link', { name: label, exact: true }).waitFor();
  return plan;
}

describe('admin journey', () => {
  it('models an object without code: fields, layout, pipeline, validation rule, and a destructive change', async () => {
    const journey = await Journey.open(browser, 'admin', { baseUrl: server.url });
    try {
      await journey.signIn(admin, tenant.key);

      await journey.step('create the Project object', async (page) => {
        await page.getByRole('menuitem', { name: 'Designer' }).click();
        await page.getByRole('button', { name: 'New object' }).click();
        const form = page.getByTestId('object-form');
        await form.getByRole('textbox', { name: 'Label (English)', exact: true }).fill('Project');
        await form.getByRole('textbox', { name: 'Label (Chinese)', exact: true }).fill('项目');
        await form.getByRole('textbox', { name: 'Plural label (Chinese)' }).fill('项目');
        expect(await form.getByRole('textbox', { name: 'API name', exact: true }).inputValue()).toBe('project');
        expect(await form.getByRole('textbox', { name: 'Plural label (English)' }).inputValue()).toBe('Projects');
        await form.getByRole('button', { name: 'Review and create' }).click();
        const plan = await applyPlannedChange(page, { onPlan: () => journey.snap('plan') });
        expect(plan).toMatch(/project/i);
        await page.waitForURL(/\/designer\/objects\/project\/fields$/);
        await page.getByRole('heading', { name: 'Project', exact: true }).waitFor();
      });

      await journey.step('add a currency field', async (page) => {
        await addField(page, 'Currency', 'Budget', async (editor) => {
          expect(await editor.getByRole('textbox', { name: 'API name', exact: true }).inputValue()).toBe('budget');
        });
      });
      await journey.step('add a number field', (page) => addField(page, 'Number', 'Hours'));
      await journey.step('add a date field', (page) => addField(page, 'Date', 'Due date'));
      await journey.step('add a picklist with three options', async (page) => {
        await addField(page, 'Picklist', 'Status', async (editor) => {
          const options = editor.getByTestId('picklist-options');
          for (const [index, text] of ['Planned', 'Active', 'Done'].entries()) {
            await options.getByRole('button', { name: 'Add option' }).click();
            await options.getByTestId('picklist-option').nth(index).getByRole('textbox', { name: 'Label (English)' }).fill(text);
          }
          expect(await options.getByRole('textbox', { name: 'Stored value' }).nth(2).inputValue()).toBe('done');
        });
      });
      await journey.step('add a lookup to Account', async (page) => {
        await addField(page, 'Lookup', 'Account', async (editor) => {
          await chooseBySearch(page, editor.getByRole('combobox', { name: 'Related object' }), 'Account', 'Account (account)');
          await editor.getByRole('radio', { name: 'Clear this field' }).check();
          await editor.getByRole('textbox', { name: 'Reverse relation name' }).fill('projects');
        });
      });
      await journey.step('add a checkbox and a long text', async (page) => {
        await addField(page, 'Checkbox', 'Billable');
        await addField(page, 'Long text', 'Notes');
        const fields = (await project())?.fields ?? [];
        expect(fields.map((f) => `${f.apiName}:${f.type}`)).toEqual([
          'name:text',
          'budget:currency',
          'hours:number',
          'dueDate:date',
          'status:picklist',
          'account:lookup',
          'billable:boolean',
          'notes:longText',
        ]);
      });

      await journey.step('arrange the layout by drag and drop', async (page) => {
        await page.getByRole('tab', { name: 'Layouts' }).click();
        await page.getByRole('button', { name: 'New layout' }).click();
        const editor = page.getByTestId('layout-editor');
        await editor.getByRole('button', { name: 'Add section' }).click();
        const sections = editor.locator('[data-testid^="layout-section-"]');
        await expect.poll(() => sections.count()).toBe(2);
        const planning = sections.nth(1);
        await planning.getByRole('textbox', { name: 'Section label (English)' }).fill('Planning');
        const handle = (field: string) => editor.getByTestId(`layout-field-${field}`).getByRole('button', { name: 'Drag to move' });
        const chip = (field: string) => editor.getByTestId(`layout-field-${field}`);
        // Due date into the empty section, then Hours onto Due date's place: by their drag handles.
        await drag(page, handle('dueDate'), planning.locator('.ant-card-body'), { carry: chip('dueDate'), at: { x: 0.3, y: 0.5 } });
        await planning.getByTestId('layout-field-dueDate').waitFor();
        await drag(page, handle('hours'), planning.getByTestId('layout-field-dueDate'), { carry: chip('hours') });
        await planning.getByTestId('layout-field-hours').waitFor();
        const details = sections.nth(0);
        const order = async (section: typeof details) =>
          (await section.locator('[data-testid^="layout-field-"]').evaluateAll((chips) => chips.map((c) => c.getAttribute('data-testid')))).map((id) =>
            id?.replace('layout-field-', ''),
          );
        expect(await order(planning)).toEqual(['hours', 'dueDate']);
        // The same without a mouse: the arrow buttons.
        await planning.getByRole('button', { name: 'Move hours later' }).click();
        // Status onto Budget's place, inside the first section.
        await drag(page, handle('status'), details.getByTestId('layout-field-budget'), { carry: chip('status') });
        await expect.poll(() => order(details)).toEqual(['name', 'status', 'budget', 'account', 'billable', 'notes']);
        // Notes back to the fields not on the layout.
        const palette = editor.getByTestId('layout-palette');
        await drag(page, handle('notes'), palette, { carry: chip('notes') });
        await palette.getByTestId('palette-field-notes').waitFor();
        expect(await order(details)).toEqual(['name', 'status', 'budget', 'account', 'billable']);
        expect(await order(planning)).toEqual(['dueDate', 'hours']);
      });

      await journey.step('preview the form, then save the layout', async (page) => {
        const editor = page.getByTestId('layout-editor');
        await editor.getByRole('tab', { name: 'Preview' }).click();
        const preview = editor.getByRole('tabpanel', { name: 'Preview' });
        await preview.getByText('Planning').waitFor();
        await formItem(preview, 'Due date').waitFor();
        // A currency is one field under its label (amount and currency side by side).
        await preview.getByRole('group', { name: 'Budget' }).getByText('Budget').waitFor();
        await journey.snap('preview');
        await editor.getByRole('button', { name: 'Review and save' }).click();
        await applyPlannedChange(page);
        await page.getByRole('link', { name: 'Project layout' }).waitFor();
        const meta = await tenant.api<{ bundle: { layouts: Array<{ apiName: string; sections: Array<{ label: { en: string }; fields: string[] }> }> } }>(
          'GET',
          '/api/v1/meta',
        );
        const saved = meta.bundle.layouts.find((l) => l.apiName === 'projectLayout');
        expect(saved?.sections.map((s) => [s.label.en, s.fields])).toEqual([
          ['Details', ['name', 'status', 'budget', 'account', 'billable']],
          ['Planning', ['dueDate', 'hours']],
        ]);
      });

      await journey.step('build a pipeline on Status', async (page) => {
        await page.getByRole('tab', { name: 'Pipelines' }).click();
        await page.getByRole('button', { name: 'New pipeline' }).click();
        const editor = page.getByTestId('pipeline-editor');
        const stages = editor.getByTestId('pipeline-stages');
        await stages.getByTestId('stage-planned').waitFor();
        // A new stage adds an option to the picklist.
        await editor.getByRole('textbox', { name: 'New stage label' }).fill('Review');
        await editor.getByRole('button', { name: 'Add stage' }).click();
        await stages.getByTestId('stage-review').waitFor();
        // Review before Done: drag its card by the handle onto Done's place.
        await drag(page, stages.getByTestId('stage-review').getByRole('button', { name: 'Drag to reorder the stage' }), stages.getByTestId('stage-done'), {
          carry: stages.getByTestId('stage-review'),
        });
        const order = () => stages.locator('[data-testid^="stage-"]').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-testid')));
        await expect.poll(order).toEqual(['stage-planned', 'stage-active', 'stage-review', 'stage-done']);
        // Done is won; Active needs an account.
        await stages.getByTestId('stage-done').locator('label', { hasText: /^Won$/ }).click();
        expect(await stages.getByTestId('stage-done').getByRole('radio', { name: 'Won' }).isChecked()).toBe(true);
        const active = stages.getByTestId('stage-active');
        await choose(page, active.getByRole('combobox', { name: 'Fields required to enter active' }), 'Account');
        await active.getByRole('textbox', { name: 'Message when refused (English)' }).fill('Link the project to an account before starting it.');
        await stages.getByTestId('stage-review').getByRole('spinbutton', { name: 'Probability of review' }).fill('80');
        await expect.poll(() => editor.getByText('Saving also adds review to the options of status.').isVisible()).toBe(true);
        await journey.snap('stages');
        await editor.getByRole('button', { name: 'Review and save' }).click();
        await applyPlannedChange(page, { onPlan: () => journey.snap('plan') });
        await page.getByRole('link', { name: 'Project pipeline' }).waitFor();
        const status = (await project())?.fields.find((f) => f.apiName === 'status');
        expect(((status?.config?.options ?? []) as Array<{ value: string }>).map((o) => o.value)).toEqual(['planned', 'active', 'done', 'review']);
        const meta = await tenant.api<{
          bundle: { pipelines: Array<{ apiName: string; stages: Array<{ value: string; category: string; probability: number }> }> };
        }>('GET', '/api/v1/meta');
        const pipeline = meta.bundle.pipelines.find((p) => p.apiName === 'projectPipeline');
        expect(pipeline?.stages.map((s) => `${s.value}:${s.category}:${s.probability}`)).toEqual([
          'planned:open:30',
          'active:open:60',
          'review:open:80',
          'done:won:100',
        ]);
      });

      await journey.step('build a validation rule and test it on a sample record', async (page) => {
        await page.getByRole('tab', { name: 'Validation rules' }).click();
        await page.getByRole('button', { name: 'New rule' }).click();
        const editor = page.getByTestId('rule-editor');
        await editor.getByRole('textbox', { name: 'API name', exact: true }).fill('hoursWithinPlan');
        const builder = editor.getByTestId('condition-builder');
        await builder.getByRole('button', { name: 'Add rule' }).click();
        const rule = builder.getByTestId('cond-rule');
        await chooseBySearch(page, rule.getByRole('combobox', { name: 'Field' }), 'Hours', /Hours \(hours\)/);
        await choose(page, rule.getByRole('combobox', { name: 'Operator' }), 'is at most');
        await rule.getByRole('spinbutton', { name: 'Value' }).fill('1000');
        await editor.getByRole('textbox', { name: 'Error message (English)' }).fill('A project is planned for 1000 hours at most.');
        await choose(page, editor.getByRole('combobox', { name: 'Show the error at' }), 'Hours (hours)');
        // The sample record holds a plausible value of every field: it passes; then too many hours.
        const tester = editor.getByTestId('condition-tester');
        await tester.getByTestId('tester-result').getByText('Valid: this record would be saved.').waitFor();
        const sample = tester.getByRole('textbox', { name: 'Sample record (JSON)' });
        const record = JSON.parse(await sample.inputValue()) as Record<string, unknown>;
        await sample.fill(JSON.stringify({ ...record, hours: 1200 }, null, 2));
        await tester.getByTestId('tester-result').getByText('Refused at hours: “A project is planned for 1000 hours at most.”').waitFor();
        await journey.snap('tested');
        await editor.getByRole('button', { name: 'Review and save' }).click();
        await applyPlannedChange(page);
        await page.getByRole('link', { name: 'hoursWithinPlan' }).waitFor();
      });

      await journey.step('the workspace form follows the layout; the rule refuses too many hours at the field', async (page) => {
        await page.getByRole('menuitem', { name: 'Projects' }).click();
        await page.getByRole('button', { name: 'New Project' }).click();
        await page.getByRole('heading', { name: 'New Project', level: 1 }).waitFor();
        await page.getByRole('textbox', { name: 'Name' }).fill('Website relaunch');
        // The sections of the layout, in its order; Notes is off the layout.
        const main = page.getByRole('main');
        await main.getByText('Planning', { exact: true }).waitFor();
        const sectionOrder = await main.getByText(/^(Details|Planning)$/).allTextContents();
        expect(sectionOrder).toEqual(['Details', 'Planning']);
        expect(await formItem(page, 'Notes').count()).toBe(0);
        await formItem(page, 'Hours').getByRole('spinbutton').fill('1500');
        await page.getByRole('button', { name: 'Create' }).click();
        await formItem(page, 'Hours').getByText('A project is planned for 1000 hours at most.').waitFor();
      });

      await journey.step('create the project within the rule', async (page) => {
        await formItem(page, 'Hours').getByRole('spinbutton').fill('800');
        await page.getByRole('button', { name: 'Create' }).click();
        await page.getByRole('heading', { name: 'Website relaunch' }).waitFor();
      });

      await journey.step('delete a field: the plan is destructive and must be acknowledged', async (page) => {
        await page.goto('/designer/objects/project/fields');
        await page.getByRole('table').getByRole('link', { name: 'Notes', exact: true }).click();
        await page.getByTestId('field-editor').getByRole('button', { name: 'Delete field' }).click();
        const plan = await applyPlannedChange(page, { destructive: true, onPlan: () => journey.snap('plan') });
        expect(plan).toMatch(/Rows affected in total: 1/);
        await page.getByTestId('object-page').waitFor();
        await expect.poll(() => page.getByRole('table').getByRole('link', { name: 'Notes', exact: true }).count()).toBe(0);
        expect((await project())?.fields.some((f) => f.apiName === 'notes')).toBe(false);
      });
    } finally {
      await journey.close();
    }
  });
});
