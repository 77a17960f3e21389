import '../testing/setup.ts';
import type { LayoutDef } from '@atrium/metadata';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { bundle, fakeApi, opportunity } from '../testing/fixtures.ts';
import { renderDesigner } from '../testing/render.tsx';
import { LayoutEditor } from './LayoutEditor.tsx';
import { applyDrag, fieldDragId, missingRequiredFields, PALETTE_ID, sectionDragId, sectionDropId } from './layout-model.ts';
import { layoutOf, layoutToUiSchema } from './layout-ui-schema.ts';

const layout = (): LayoutDef => structuredClone(bundle().layouts[0] as LayoutDef);
const sections = (l: LayoutDef) => l.sections.map((s) => [s.id, s.fields]);

describe('layout drag and drop', () => {
  it('moves a field onto another field, within and across sections', () => {
    expect(sections(applyDrag(layout(), fieldDragId('name'), fieldDragId('stage')))).toEqual([
      ['sec_main', ['amount', 'stage', 'name', 'closeDate']],
      ['sec_more', ['account', 'notes']],
    ]);
    expect(sections(applyDrag(layout(), fieldDragId('amount'), fieldDragId('notes')))).toEqual([
      ['sec_main', ['name', 'stage', 'closeDate']],
      ['sec_more', ['account', 'amount', 'notes']],
    ]);
  });

  it('drops a field at the end of a section, or off the layout on the palette', () => {
    expect(sections(applyDrag(layout(), fieldDragId('name'), sectionDropId('sec_more')))[1]).toEqual(['sec_more', ['account', 'notes', 'name']]);
    const off = applyDrag(layout(), fieldDragId('name'), PALETTE_ID);
    expect(sections(off)[0]).toEqual(['sec_main', ['amount', 'stage', 'closeDate']]);
    // A required field off the layout is reported.
    expect(missingRequiredFields(off, opportunity()).map((f) => f.apiName)).toEqual(['name']);
    // From the palette into a section.
    expect(sections(applyDrag(off, fieldDragId('probability'), fieldDragId('account')))[1]).toEqual(['sec_more', ['probability', 'account', 'notes']]);
  });

  it('reorders sections', () => {
    expect(applyDrag(layout(), sectionDragId('sec_more'), sectionDragId('sec_main')).sections.map((s) => s.id)).toEqual(['sec_more', 'sec_main']);
    expect(applyDrag(layout(), sectionDragId('sec_main'), fieldDragId('notes')).sections.map((s) => s.id)).toEqual(['sec_more', 'sec_main']);
  });
});

describe('layoutToUiSchema', () => {
  it('orders fields by section, hides what the layout leaves out, carries sections and option labels', () => {
    const ui = layoutToUiSchema(layout(), opportunity(), { locale: 'en' });
    expect(ui['ui:order']).toEqual(['name', 'amount', 'stage', 'closeDate', 'account', 'notes', '*']);
    expect(layoutOf(ui)?.sections).toEqual([
      { id: 'sec_main', title: 'Main', columns: 2, fields: ['name', 'amount', 'stage', 'closeDate'], collapsed: false },
      { id: 'sec_more', title: 'More', columns: 1, fields: ['account', 'notes'], collapsed: false },
    ]);
    expect(ui.probability).toMatchObject({ 'ui:widget': 'hidden' });
    expect(ui.createdAt).toEqual({ 'ui:widget': 'hidden' });
    expect(ui.notes).toMatchObject({ 'ui:widget': 'textarea' });
    expect(ui.stage).toMatchObject({
      'ui:widget': 'select',
      'ui:enumNames': { prospecting: 'Prospecting', proposal: 'Proposal', closedWon: 'Closed won', closedLost: 'Closed lost' },
    });
    expect(ui.amount).toMatchObject({ amount: { 'ui:widget': 'updown' } });
  });
});

describe('LayoutEditor', () => {
  it('moving fields changes the saved LayoutDef', async () => {
    const fake = fakeApi();
    renderDesigner(<LayoutEditor object={opportunity()} layout={layout()} />, { api: fake.api });
    const save = screen.getByText('Review and save').closest('button') as HTMLButtonElement;
    expect(save).toBeDisabled();

    fireEvent.click(screen.getByLabelText('Move amount later'));
    fireEvent.click(screen.getByLabelText('Take closeDate off the layout'));
    expect(within(screen.getByTestId('layout-palette')).getByTestId('palette-field-closeDate')).toBeInTheDocument();
    // The last field of a section moves on into the next one.
    fireEvent.click(screen.getByLabelText('Move amount later'));
    fireEvent.click(screen.getByLabelText('Add probability to the first section'));
    fireEvent.click(screen.getAllByLabelText('Move section down')[0] as HTMLElement);

    expect(save).toBeEnabled();
    fireEvent.click(save);
    await waitFor(() => expect(fake.changeMetadata).toHaveBeenCalled());
    const operation = fake.changeMetadata.mock.calls[0]?.[0].operations[0] as { op: string; layout: LayoutDef };
    expect(operation.op).toBe('saveLayout');
    expect(operation.layout.id).toBe('lay_opp');
    expect(sections(operation.layout)).toEqual([
      ['sec_more', ['amount', 'account', 'notes']],
      ['sec_main', ['name', 'stage', 'probability']],
    ]);
    await screen.findByTestId('change-plan');
  });

  it('adds a section and previews the form as users will see it', async () => {
    renderDesigner(<LayoutEditor object={opportunity()} layout={layout()} />);
    fireEvent.click(screen.getByText('Add section'));
    expect(screen.getAllByLabelText('Section label (English)').map((input) => (input as HTMLInputElement).value)).toEqual(['Main', 'More', 'New section']);
    fireEvent.click(screen.getByText('Preview'));
    const preview = await screen.findByTestId('layout-preview');
    expect(within(preview).getByTestId('preview-section-sec_main')).toHaveTextContent('Main');
    expect(within(preview).getByLabelText(/^Name/)).toBeInTheDocument();
    // A currency is one field under its label, its amount and currency code side by side.
    expect(within(within(preview).getByRole('group', { name: 'Amount' })).getByText('Amount')).toBeInTheDocument();
    // Probability is not on the layout: not in the form.
    expect(within(preview).queryByLabelText(/^Probability/)).toBeNull();
    fireEvent.click(within(preview).getByText('Check the form'));
    // Name is required.
    expect(await within(preview).findByText('1 problems')).toBeInTheDocument();
  });
});
