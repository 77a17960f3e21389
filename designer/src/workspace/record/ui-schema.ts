import { compileRecordSchema, type FieldDef, fieldType, type JsonSchema, type LayoutDef, type MetadataBundle, type ObjectDef } from '@atrium/metadata';
import type { RJSFSchema, UiSchema } from '@rjsf/utils';

/** A section of the record page as the form renders it. */
export interface FormSection {
  id: string;
  title: string;
  /** 1 to 4 columns on wide screens; one on phones. */
  columns: number;
  /** Field API names in reading order, row by row. */
  fields: string[];
  collapsed: boolean;
}

export interface RecordFormModel {
  /** The object's record schema (JSON Schema 2020-12) limited to the fields the form shows. */
  schema: RJSFSchema;
  uiSchema: UiSchema;
  sections: FormSection[];
  /** Fields the form shows, in order. */
  fields: string[];
  /** Fields the user may change (shown, writable type, edit access). */
  editable: string[];
}

export type FormMode = 'create' | 'edit';

export interface FormOptions {
  mode: FormMode;
  locale: string;
  /** A label in the form's locale. */
  label(labels: LayoutDef['label'] | undefined, fallback?: string): string;
  /** The user may see the field (REST default selection / permission summary). */
  readable?(field: string): boolean;
  /** The user may change the field. */
  editable?(field: string): boolean;
  /** Title of the section that collects required fields missing from the layout. */
  otherFieldsTitle: string;
}

/**
 * rjsf's widget (`ui:widget`) or field (`ui:field`) for a field, from the field-type registry's
 * `widget` name. Composite values (currency, address, JSON) are custom fields; the others widgets.
 */
export function widgetFor(field: FieldDef): { 'ui:widget'?: string; 'ui:field'?: string; 'ui:options'?: Record<string, unknown> } {
  const widget = fieldType(field.type).widget;
  switch (widget) {
    case 'currency':
    case 'address':
    case 'json':
      return { 'ui:field': widget };
    case 'richText':
      return { 'ui:widget': 'textarea', 'ui:options': { rows: 6 } };
    case 'textarea':
      return { 'ui:widget': 'textarea', 'ui:options': { rows: 4 } };
    case 'phone':
      return { 'ui:widget': 'text', 'ui:options': { inputType: 'tel' } };
    case 'uri':
      return { 'ui:widget': 'text', 'ui:options': { inputType: 'url' } };
    case 'email':
      return { 'ui:widget': 'text', 'ui:options': { inputType: 'email' } };
    case 'checkboxes':
      return { 'ui:widget': 'multiPicklist' };
    case 'select':
      return { 'ui:widget': 'picklist' };
    case 'lookup':
      return { 'ui:widget': field.type === 'manyToMany' ? 'lookupMany' : 'lookup' };
    case 'userPicker':
      return { 'ui:widget': 'user' };
    case 'autoNumber':
    case 'formula':
      return { 'ui:widget': 'computed' };
    case 'checkbox':
      return { 'ui:widget': 'switch' };
    default:
      return { 'ui:widget': widget };
  }
}

/** Values that span the whole row of a section whatever its columns. */
export function isWide(field: FieldDef): boolean {
  return ['longText', 'richText', 'address', 'json'].includes(field.type);
}

/**
 * The form of a record page from the object's layout: the record schema (`compileRecordSchema`,
 * the one the server validates with) cut down to the fields the user may see, and a uiSchema
 * that puts them in the layout's sections, columns and order, with each type's widget.
 *
 * - Fields missing from the layout are left out, except required ones (a create would fail
 *   without them): they go into a last section.
 * - Computed fields (formula, auto-number) are shown read-only when editing and left out when
 *   creating (they have no value yet). Fields the user may read but not change are read-only.
 * - Without a layout, every field goes into one two-column section.
 */
export function recordFormModel(object: ObjectDef, bundle: MetadataBundle | undefined, layout: LayoutDef | undefined, options: FormOptions): RecordFormModel {
  const full = compileRecordSchema(object, bundle, { systemFields: false, locale: options.locale });
  const properties = full.properties as Record<string, JsonSchema>;
  const required = new Set((full.required as string[] | undefined) ?? []);
  const readable = options.readable ?? (() => true);
  const mayEdit = options.editable ?? (() => true);
  const byName = new Map(object.fields.filter((f) => f.state !== 'deleted').map((f) => [f.apiName, f]));
  const computed = (f: FieldDef) => fieldType(f.type).readOnly;
  const shown = (name: string) => {
    const field = byName.get(name);
    if (!field || !properties[name] || !readable(name)) return false;
    return !(options.mode === 'create' && computed(field));
  };

  const sections: FormSection[] = [];
  const placed = new Set<string>();
  const sourceSections = layout?.sections.length
    ? layout.sections
    : [{ id: 'all', label: { en: '' }, columns: 2, fields: object.fields.map((f) => f.apiName), collapsed: false }];
  for (const section of sourceSections) {
    const fields = section.fields.filter((name) => shown(name) && !placed.has(name));
    for (const name of fields) placed.add(name);
    if (fields.length === 0) continue;
    sections.push({
      id: section.id,
      title: options.label(section.label, ''),
      columns: Math.min(4, Math.max(1, section.columns || 1)),
      fields,
      collapsed: section.collapsed === true,
    });
  }
  const missingRequired = [...required].filter((name) => !placed.has(name) && shown(name) && mayEdit(name));
  if (missingRequired.length) {
    for (const name of missingRequired) placed.add(name);
    sections.push({ id: '__other', title: options.otherFieldsTitle, columns: 2, fields: missingRequired, collapsed: false });
  }

  const fields = sections.flatMap((s) => s.fields);
  const editable: string[] = [];
  const schemaProperties: Record<string, JsonSchema> = {};
  const uiSchema: UiSchema = {
    'ui:order': [...fields, '*'],
    'ui:options': { sections },
    'ui:submitButtonOptions': { norender: true },
  };
  let focused = false;
  for (const name of fields) {
    const field = byName.get(name) as FieldDef;
    schemaProperties[name] = properties[name] as JsonSchema;
    const writable = !computed(field) && mayEdit(name);
    if (writable) editable.push(name);
    const ui = widgetFor(field);
    uiSchema[name] = {
      ...ui,
      'ui:options': { ...(ui['ui:options'] ?? {}), atriumField: field, wide: isWide(field) },
      ...(writable ? {} : { 'ui:readonly': true }),
      ...(writable && !focused && options.mode === 'create' ? { 'ui:autofocus': true } : {}),
    };
    if (writable) focused = true;
  }
  const schema: JsonSchema = {
    ...full,
    properties: schemaProperties,
    required: [...required].filter((name) => fields.includes(name) && editable.includes(name)),
  };
  if ((schema.required as string[]).length === 0) delete schema.required;
  return { schema: schema as RJSFSchema, uiSchema, sections, fields, editable };
}
