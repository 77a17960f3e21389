import { describe, expect, it } from 'vitest';
import { crmBundle, opportunity } from '../../testing/crm-fixture.ts';
import { recordFormModel, widgetFor } from './ui-schema.ts';

const bundle = crmBundle();
const layout = bundle.layouts[0];
const label = (labels: { en: string; [k: string]: string | undefined } | undefined, fallback = '') => labels?.en ?? fallback;
const base = { locale: 'en', label, otherFieldsTitle: 'Other fields' };

describe('the record form from the layout', () => {
  it('puts the layout’s sections, columns and field order into the uiSchema', () => {
    const model = recordFormModel(opportunity, bundle, layout, { ...base, mode: 'edit' });
    expect(model.sections.map((s) => [s.title, s.columns, s.fields, s.collapsed])).toEqual([
      ['Main', 2, ['name', 'stage', 'account', 'amount', 'closeDate', 'score', 'secret'], false],
      ['More', 1, ['notes', 'isPrivate'], true],
      // Required but missing from the layout: a last section, so a save can succeed.
      ['Other fields', 2, ['code'], false],
    ]);
    expect(model.uiSchema['ui:order']).toEqual(['name', 'stage', 'account', 'amount', 'closeDate', 'score', 'secret', 'notes', 'isPrivate', 'code', '*']);
    expect((model.uiSchema['ui:options'] as { sections: unknown[] }).sections).toHaveLength(3);
    expect(model.uiSchema['ui:submitButtonOptions']).toEqual({ norender: true });
    // Not on the layout and not required: not in the form at all; set-aside fields never.
    expect(Object.keys(model.schema.properties ?? {})).not.toContain('products');
    expect(Object.keys(model.schema.properties ?? {})).not.toContain('gone');
  });

  it('maps field types to widgets from the registry', () => {
    const model = recordFormModel(opportunity, bundle, layout, { ...base, mode: 'edit' });
    const ui = (name: string) => model.uiSchema[name] as Record<string, unknown>;
    expect(ui('name')['ui:widget']).toBe('text');
    expect(ui('stage')['ui:widget']).toBe('picklist');
    expect(ui('account')['ui:widget']).toBe('lookup');
    expect(ui('amount')['ui:field']).toBe('currency');
    expect(ui('closeDate')['ui:widget']).toBe('date');
    expect(ui('isPrivate')['ui:widget']).toBe('switch');
    expect(ui('notes')['ui:widget']).toBe('textarea');
    expect((ui('notes')['ui:options'] as { wide: boolean }).wide).toBe(true);
    expect(ui('score')['ui:widget']).toBe('computed');
    expect(ui('score')['ui:readonly']).toBe(true);
    expect(widgetFor(opportunity.fields.find((f) => f.apiName === 'products')!)['ui:widget']).toBe('multiPicklist');
  });

  it('keeps the server’s record schema for the fields it shows', () => {
    const model = recordFormModel(opportunity, bundle, layout, { ...base, mode: 'create' });
    const properties = model.schema.properties as Record<string, Record<string, unknown>>;
    expect(model.schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(model.schema.required).toEqual(['name', 'code']);
    expect(properties.name).toMatchObject({ type: 'string', maxLength: 255, title: 'Name' });
    expect(properties.stage?.enum).toContain('prospecting');
    expect(properties.stage?.default).toBe('prospecting');
    // Computed fields have no value before the record exists.
    expect(model.fields).not.toContain('score');
    expect(model.uiSchema.name).toMatchObject({ 'ui:autofocus': true });
  });

  it('leaves out what the user may not read and makes read-only what they may not change', () => {
    const model = recordFormModel(opportunity, bundle, layout, {
      ...base,
      mode: 'edit',
      readable: (f) => f !== 'secret',
      editable: (f) => f !== 'stage',
    });
    expect(model.fields).not.toContain('secret');
    expect(model.editable).not.toContain('stage');
    expect((model.uiSchema.stage as Record<string, unknown>)['ui:readonly']).toBe(true);
    expect(model.editable).toContain('name');
  });

  it('titles fields in the chosen locale', () => {
    const zh = recordFormModel(opportunity, bundle, layout, { ...base, locale: 'zh-CN', label: (l, f = '') => l?.['zh-CN'] ?? l?.en ?? f, mode: 'edit' });
    expect((zh.schema.properties as Record<string, { title?: string }>).amount?.title).toBe('金额');
    expect(zh.sections[0]?.title).toBe('基本信息');
  });

  it('puts every field in one section when the object has no layout', () => {
    const model = recordFormModel(opportunity, bundle, undefined, { ...base, mode: 'edit' });
    expect(model.sections).toHaveLength(1);
    expect(model.sections[0]?.columns).toBe(2);
    expect(model.fields).toContain('products');
  });
});
