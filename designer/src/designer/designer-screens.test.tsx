import './testing/setup.ts';
import type { ValidationRuleDef } from '@atrium/metadata';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { DesignerFrame } from './DesignerFrame.tsx';
import { ObjectForm } from './objects/ObjectForm.tsx';
import { ValidationRuleEditor } from './rules/ValidationRuleEditor.tsx';
import { bundle, fakeApi, opportunity } from './testing/fixtures.ts';
import { renderDesigner } from './testing/render.tsx';

describe('designer screens', () => {
  it.each([
    ['/designer', 'Objects', 'Opportunity'],
    ['/designer/objects/opportunity/fields', 'Fields (7)', 'closeDate'],
    ['/designer/objects/opportunity/relations', 'This object refers to', 'Account'],
    ['/designer/objects/account/relations', 'Objects referring to this one', 'Opportunity'],
    ['/designer/objects/opportunity/layouts', 'Layouts', 'Opportunity layout'],
    ['/designer/objects/opportunity/pipelines', 'Pipelines', 'No pipeline yet.'],
    ['/designer/objects/opportunity/rules', 'Validation rules', 'No validation rules.'],
    ['/designer/objects/opportunity/details', 'Delete this object', 'Plural API name'],
    ['/designer/objects/opportunity/fields/fld_opp_stage', 'Field: Stage', 'Picklist settings'],
    ['/designer/objects/opportunity/fields/new', 'New field on Opportunity', 'Text settings'],
    ['/designer/objects/opportunity/layouts/lay_opp', 'Layout: Opportunity layout', 'Fields not on the layout'],
    ['/designer/objects/opportunity/pipelines/new', 'New pipeline', 'Records this pipeline applies to'],
    ['/designer/objects/opportunity/rules/new', 'New validation rule', 'Test on a sample record'],
    ['/designer/objects/new', 'New object', 'Name field'],
    ['/designer/permissions/roles', 'Access', 'New role'],
    ['/designer/permissions/permission-sets', 'New permission set', 'Pick a permission set, or create one.'],
    ['/designer/permissions/sharing', 'Organisation-wide default', 'New sharing rule'],
    ['/designer/permissions/users', 'Add user', 'No users.'],
    ['/designer/permissions/api-keys', 'New API key', 'No API keys.'],
    ['/designer/jobs', 'Metadata jobs', 'No jobs.'],
    ['/designer/objects/nothing', 'There is no object “nothing”.', 'Back to the objects'],
  ])('%s shows %s', async (path, first, second) => {
    renderDesigner(<DesignerFrame />, { path });
    expect((await screen.findAllByText(first)).length).toBeGreaterThan(0);
    expect((await screen.findAllByText(second)).length).toBeGreaterThan(0);
  });

  it('lists what can still be restored from the server and restores a field after review', async () => {
    const deleted = [
      {
        kind: 'field' as const,
        objectId: 'obj_opportunity',
        objectApiName: 'opportunity',
        id: 'fld_opp_old',
        apiName: 'nickname',
        label: { en: 'Nickname' },
        deletedAt: new Date(Date.now() - 2 * 86_400_000).toISOString(),
        restorableUntil: new Date(Date.now() + 28 * 86_400_000 - 60_000).toISOString(),
      },
    ];
    const fake = fakeApi({ deleted });
    // After the restore, the metadata comes back at the next version.
    fake.api.getMetadata = vi.fn(async () => ({ version: 8, bundle: bundle() }));
    renderDesigner(<DesignerFrame />, { api: fake.api, path: '/designer' });
    const card = await screen.findByTestId('deleted-items');
    expect(await within(card).findByText('opportunity.nickname')).toBeInTheDocument();
    expect(within(card).getByText('28 days left')).toBeInTheDocument();
    fireEvent.click(within(card).getByText('Restore'));
    fireEvent.click(await screen.findByText('Apply'));
    await waitFor(() => expect(fake.api.getMetadata).toHaveBeenCalled());
    expect(fake.changeMetadata.mock.calls.at(-1)?.[0]?.operations).toEqual([{ op: 'restoreField', object: 'obj_opportunity', field: 'fld_opp_old' }]);
    // The new metadata version reloads the list.
    await waitFor(() => expect(fake.api.listDeleted).toHaveBeenCalledTimes(2));
  });

  it('shows the designer in Chinese', async () => {
    renderDesigner(<DesignerFrame />, { path: '/designer/objects/opportunity/fields', locale: 'zh-CN' });
    expect(await screen.findByText('新建字段')).toBeInTheDocument();
    expect(screen.getAllByText('商机').length).toBeGreaterThan(0);
  });

  it('creates an object with its name field and labels in both languages', async () => {
    const fake = fakeApi();
    const onDone = vi.fn();
    renderDesigner(<ObjectForm onDone={onDone} />, { api: fake.api });
    fireEvent.change(screen.getByLabelText('Label (English)'), { target: { value: 'Sales order' } });
    fireEvent.change(screen.getByLabelText('Label (Chinese)'), { target: { value: '销售订单' } });
    expect(screen.getByLabelText('API name')).toHaveValue('salesOrder');
    expect(screen.getByLabelText('Plural API name')).toHaveValue('salesOrders');
    fireEvent.click(screen.getByLabelText('Track field history'));
    fireEvent.click(screen.getByText('Review and create'));
    await waitFor(() => expect(fake.changeMetadata).toHaveBeenCalled());
    expect(fake.changeMetadata.mock.calls[0]?.[0]?.operations).toEqual([
      {
        op: 'createObject',
        object: {
          id: expect.stringMatching(/^obj_/),
          apiName: 'salesOrder',
          pluralApiName: 'salesOrders',
          label: { en: 'Sales order', 'zh-CN': '销售订单' },
          pluralLabel: { en: 'Sales orders' },
          nameField: 'name',
          options: { trackHistory: true, searchable: true },
          fields: [{ id: expect.stringMatching(/^fld_/), apiName: 'name', type: 'text', label: { en: 'Name', 'zh-CN': '名称' }, required: true }],
        },
      },
    ]);
    fireEvent.click(await screen.findByText('Apply'));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
  });

  it('builds a validation rule, tests it on a sample record and saves it', async () => {
    const fake = fakeApi();
    renderDesigner(<ValidationRuleEditor object={opportunity()} />, { api: fake.api });
    fireEvent.change(screen.getByLabelText('API name'), { target: { value: 'amountPositive' } });
    fireEvent.change(screen.getByLabelText('Error message (English)'), { target: { value: 'The amount must be positive.' } });
    fireEvent.change(screen.getByLabelText('Error message (Chinese)'), { target: { value: '金额必须为正数。' } });
    // Write the condition through its json-logic view, then check the builder shows it as a rule.
    const builder = screen.getByTestId('condition-builder');
    fireEvent.click(within(builder).getByText('The condition as json-logic'));
    fireEvent.change(within(builder).getByLabelText('The condition as json-logic'), { target: { value: '{"and": [{">": [{"var": "amount.amount"}, 0]}]}' } });
    expect(within(builder).getAllByTestId('cond-rule')).toHaveLength(1);
    // The sample's amount is 1000: valid. Make it negative: refused with the message.
    const result = screen.getByTestId('tester-result');
    expect(result).toHaveTextContent('Valid: this record would be saved.');
    fireEvent.change(screen.getByLabelText('Sample record (JSON)'), { target: { value: '{"amount": {"amount": -5, "currency": "USD"}}' } });
    expect(result).toHaveTextContent('Refused at the record as a whole: “The amount must be positive.”');

    fireEvent.click(screen.getByText('Review and save'));
    await waitFor(() => expect(fake.changeMetadata).toHaveBeenCalled());
    const operation = fake.changeMetadata.mock.calls[0]?.[0]?.operations[0] as { op: string; rule: ValidationRuleDef } | undefined;
    expect(operation?.op).toBe('saveValidationRule');
    expect(operation?.rule).toEqual({
      id: expect.stringMatching(/^rule_/),
      object: 'obj_opportunity',
      apiName: 'amountPositive',
      condition: { and: [{ '>': [{ var: 'amount.amount' }, 0] }] },
      errorMessage: { en: 'The amount must be positive.', 'zh-CN': '金额必须为正数。' },
      active: true,
    });
  });
});
