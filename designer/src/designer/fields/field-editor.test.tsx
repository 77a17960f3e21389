import '../testing/setup.ts';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { DesignerApiError } from '../support/api.ts';
import { fakeApi, opportunity, plan } from '../testing/fixtures.ts';
import { renderDesigner } from '../testing/render.tsx';
import { FieldEditor } from './FieldEditor.tsx';
import { fieldOperations, typeChangesOf } from './field-operations.ts';

/** A button by its text (role queries are slow on antd's large trees in jsdom). */
function button(text: string | RegExp, container: HTMLElement = document.body): HTMLButtonElement {
  const match = within(container).getByText(text);
  return match.closest('button') as HTMLButtonElement;
}

function typeInto(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

async function openSelect(label: string): Promise<string[]> {
  const combobox = screen.getByLabelText(label);
  fireEvent.mouseDown(combobox);
  await waitFor(() => expect(document.querySelector('.ant-select-item-option')).not.toBeNull());
  return [...document.querySelectorAll('.ant-select-item-option')].map((o) => o.getAttribute('title') ?? o.textContent ?? '');
}

describe('field operations', () => {
  it('turns edits of a saved field into rename, type change and update operations', () => {
    const object = opportunity();
    const notes = object.fields.find((f) => f.apiName === 'notes');
    if (!notes) throw new Error('fixture');
    const draft = { ...notes, apiName: 'comments', type: 'richText' as const, label: { en: 'Comments', 'zh-CN': '备注' }, required: true };
    expect(fieldOperations(object, notes, draft)).toEqual([
      { op: 'renameField', object: 'obj_opportunity', field: 'fld_opp_notes', apiName: 'comments' },
      { op: 'changeFieldType', object: 'obj_opportunity', field: 'fld_opp_notes', type: 'richText' },
      { op: 'updateField', object: 'obj_opportunity', field: 'fld_opp_notes', changes: { label: { en: 'Comments', 'zh-CN': '备注' }, required: true } },
    ]);
    expect(fieldOperations(object, notes, notes)).toEqual([]);
  });

  it('sends null for help text and config keys the admin cleared (updateField is a merge patch)', () => {
    const object = opportunity();
    const notes = object.fields.find((f) => f.apiName === 'notes');
    if (!notes) throw new Error('fixture');
    const helped = { ...notes, helpText: { en: 'Anything worth keeping' }, config: { maxLength: 500 } };
    const cleared = { ...notes, config: {} };
    expect(fieldOperations(object, helped, cleared)).toEqual([
      { op: 'updateField', object: 'obj_opportunity', field: 'fld_opp_notes', changes: { helpText: null, config: { maxLength: null } } },
    ]);
  });

  it('offers only the registry’s conversions, lossy ones flagged', () => {
    const stage = opportunity().fields.find((f) => f.apiName === 'stage');
    if (!stage) throw new Error('fixture');
    expect(typeChangesOf(stage).map((c) => [c.type, c.lossy])).toEqual([
      ['multiPicklist', false],
      ['text', false],
    ]);
  });
});

describe('FieldEditor', () => {
  it('builds the addField operation, shows the plan from a dry run, then applies it with the base version', async () => {
    const onDone = vi.fn();
    const fake = fakeApi({ planFor: () => plan({ summary: 'Adds field region to opportunity', rowsAffected: 0 }) });
    renderDesigner(<FieldEditor object={opportunity()} onDone={onDone} />, { api: fake.api });

    typeInto('Label (English)', 'Sales region');
    typeInto('Label (Chinese)', '销售区域');
    expect(screen.getByLabelText('API name')).toHaveValue('salesRegion');
    typeInto('Help text (English)', 'Where the deal is');
    fireEvent.click(screen.getByText('Required'));
    fireEvent.click(button('Review and add'));

    await waitFor(() => expect(fake.changeMetadata).toHaveBeenCalledTimes(1));
    const request = fake.changeMetadata.mock.calls[0]?.[0];
    expect(request).toEqual({
      baseVersion: 7,
      dryRun: true,
      operations: [
        {
          op: 'addField',
          object: 'obj_opportunity',
          field: {
            id: expect.stringMatching(/^fld_/),
            apiName: 'salesRegion',
            type: 'text',
            label: { en: 'Sales region', 'zh-CN': '销售区域' },
            helpText: { en: 'Where the deal is' },
            required: true,
          },
        },
      ],
    });

    const planView = await screen.findByTestId('change-plan');
    expect(within(planView).getByText('Adds field region to opportunity')).toBeInTheDocument();
    expect(within(planView).getByText('add column')).toBeInTheDocument();
    expect(screen.queryByTestId('confirm-destructive')).toBeNull();

    fireEvent.click(button('Apply'));
    await waitFor(() => expect(fake.changeMetadata).toHaveBeenCalledTimes(2));
    expect(fake.changeMetadata.mock.calls[1]?.[0]).toMatchObject({ baseVersion: 7, dryRun: false, operations: request?.operations });
    await waitFor(() => expect(onDone).toHaveBeenCalledWith(true));
  });

  it('adds picklist options with colours and order', async () => {
    const fake = fakeApi();
    renderDesigner(<FieldEditor object={opportunity()} initialType="picklist" />, { api: fake.api });
    typeInto('Label (English)', 'Region');
    fireEvent.click(button(/Add option/));
    fireEvent.click(button(/Add option/));
    const rows = screen.getAllByTestId('picklist-option');
    fireEvent.change(within(rows[0] as HTMLElement).getByLabelText('Label (English)'), { target: { value: 'North' } });
    fireEvent.change(within(rows[1] as HTMLElement).getByLabelText('Label (English)'), { target: { value: 'South' } });
    fireEvent.change(within(rows[1] as HTMLElement).getByLabelText('Label (Chinese)'), { target: { value: '南方' } });
    // South first.
    fireEvent.click(within(rows[1] as HTMLElement).getByLabelText('Move up'));
    fireEvent.click(button('Review and add'));
    await waitFor(() => expect(fake.changeMetadata).toHaveBeenCalled());
    const operation = fake.changeMetadata.mock.calls[0]?.[0]?.operations[0] as { field: { config: unknown } } | undefined;
    const field = operation?.field;
    expect(field?.config).toEqual({
      options: [
        { id: expect.stringMatching(/^opt_/), value: 'south', label: { en: 'South', 'zh-CN': '南方' }, color: '#52c41a' },
        { id: expect.stringMatching(/^opt_/), value: 'north', label: { en: 'North' }, color: '#1677ff' },
      ],
    });
  });

  it('refuses to review a field with problems (a reserved API name)', () => {
    renderDesigner(<FieldEditor object={opportunity()} />);
    typeInto('Label (English)', 'Owner id');
    typeInto('API name', 'ownerId');
    expect(screen.getByTestId('field-problems')).toHaveTextContent('reserved');
    expect(button('Review and add')).toBeDisabled();
  });

  it('asks for confirmation before a destructive change (delete)', async () => {
    const fake = fakeApi({
      planFor: () =>
        plan({
          summary: 'Deletes field notes',
          destructive: true,
          rowsAffected: 42,
          steps: [{ action: 'deleteField', object: 'opportunity', field: 'notes', description: 'set the field aside', destructive: true, rowsAffected: 42 }],
          jobs: [{ task: 'purgeField', description: 'purge the column after 30 days', runAt: '2030-01-31T00:00:00.000Z' }],
        }),
    });
    const object = opportunity();
    const onDone = vi.fn();
    renderDesigner(<FieldEditor object={object} field={object.fields.find((f) => f.apiName === 'notes')} onDone={onDone} />, { api: fake.api });
    fireEvent.click(button(/Delete field/));
    await screen.findByTestId('change-plan');
    expect(fake.changeMetadata.mock.calls[0]?.[0]).toEqual({
      baseVersion: 7,
      dryRun: true,
      operations: [{ op: 'deleteField', object: 'obj_opportunity', field: 'fld_opp_notes' }],
    });
    expect(screen.getByText('This change is destructive')).toBeInTheDocument();
    expect(screen.getByText('purge the column after 30 days')).toBeInTheDocument();
    expect(screen.getByText('Rows affected in total: 42')).toBeInTheDocument();
    const apply = button('Apply destructive change');
    expect(apply).toBeDisabled();
    fireEvent.click(screen.getByText(/I understand/));
    expect(apply).toBeEnabled();
    fireEvent.click(apply);
    await waitFor(() => expect(fake.changeMetadata).toHaveBeenCalledTimes(2));
    expect(fake.changeMetadata.mock.calls[1]?.[0]).toMatchObject({ dryRun: false, baseVersion: 7 });
    await waitFor(() => expect(onDone).toHaveBeenCalledWith(true));
  });

  it('tells the admin to reload when the metadata moved on (CONFLICT)', async () => {
    const fake = fakeApi({ changeError: (request) => (request.dryRun ? undefined : new DesignerApiError('CONFLICT', 'stale base version', 409)) });
    const object = opportunity();
    renderDesigner(<FieldEditor object={object} field={object.fields.find((f) => f.apiName === 'notes')} />, { api: fake.api });
    typeInto('Label (English)', 'Comments');
    fireEvent.click(button('Review and apply'));
    await screen.findByTestId('change-plan');
    expect(fake.changeMetadata.mock.calls[0]?.[0].operations).toEqual([
      { op: 'updateField', object: 'obj_opportunity', field: 'fld_opp_notes', changes: { label: { en: 'Comments' } } },
    ]);
    fireEvent.click(button('Apply'));
    expect(await screen.findByTestId('change-conflict')).toHaveTextContent('Someone changed the metadata in the meantime');
    fireEvent.click(button('Reload the metadata'));
    await waitFor(() => expect(fake.api.getMetadata).toHaveBeenCalled());
  });

  it('offers only safe type changes for a saved field', async () => {
    const object = opportunity();
    renderDesigner(<FieldEditor object={object} field={object.fields.find((f) => f.apiName === 'closeDate')} />);
    const options = await openSelect('Type');
    expect(options.map((o) => o.trim())).toEqual(['Date', 'Date and time', 'Text']);
  });

  it('previews a formula live on a sample record', () => {
    renderDesigner(<FieldEditor object={opportunity()} initialType="formula" />);
    fireEvent.change(screen.getByLabelText('Expression as json-logic'), { target: { value: '{"*": [{"var": "amount.amount"}, 2]}' } });
    // The sample record's amount is 1000.
    expect(screen.getByTestId('formula-result')).toHaveTextContent('2000');
    fireEvent.change(screen.getByLabelText('Sample record (JSON)'), { target: { value: '{"amount": {"amount": 21, "currency": "EUR"}}' } });
    expect(screen.getByTestId('formula-result')).toHaveTextContent('42');
  });
});
