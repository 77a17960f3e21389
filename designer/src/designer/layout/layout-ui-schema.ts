import { type FieldDef, fieldType, type LayoutDef, type LayoutSection, type ObjectDef, SYSTEM_FIELD_NAMES } from '@atrium/metadata';

/**
 * The uiSchema (react-jsonschema-form) of an object's form, derived from a layout: field order,
 * sections (for an ObjectFieldTemplate that lays them out in columns), the registry's widget of
 * each field, option labels of picklists, read-only computed fields, and every property the
 * layout does not place hidden. Used by the designer's preview and by the workspace's forms, with
 * the record schema from `compileRecordSchema` — the same schema the server validates with.
 *
 * This module is deliberately free of React and of the designer's screens, so the workspace can
 * import it without pulling the designer into its bundle.
 */

/** Root `ui:options` key holding the sections (the same key and shape the workspace's form templates read). */
export const LAYOUT_UI_OPTION = 'sections';

export interface LayoutSectionUi {
  id: string;
  title: string;
  columns: number;
  fields: string[];
  collapsed: boolean;
}

export interface LayoutUi {
  sections: LayoutSectionUi[];
}

/** How a registry widget is rendered: an rjsf widget name and/or field name, plus options. */
export interface WidgetMapping {
  widget?: string;
  field?: string;
  options?: Record<string, unknown>;
}

/**
 * The registry's widgets (FieldTypeModule.widget) → what rjsf renders. The defaults use rjsf's
 * built-in widgets; a form that registers richer ones (a lookup picker, a user picker, a rich
 * text editor) passes its own mapping for those names.
 */
export const DEFAULT_WIDGETS: Record<string, WidgetMapping> = {
  text: { widget: 'text' },
  textarea: { widget: 'textarea' },
  richText: { widget: 'textarea', options: { rows: 6 } },
  email: { widget: 'email' },
  phone: { widget: 'text', options: { inputType: 'tel' } },
  uri: { widget: 'uri' },
  updown: { widget: 'updown' },
  percent: { widget: 'updown' },
  checkbox: { widget: 'checkbox' },
  date: { widget: 'date' },
  datetime: { widget: 'datetime' },
  select: { widget: 'select' },
  checkboxes: { widget: 'checkboxes' },
  lookup: { widget: 'text' },
  userPicker: { widget: 'text' },
  autoNumber: { widget: 'text' },
  formula: { widget: 'text' },
  currency: {},
  address: {},
  json: { field: 'json' },
};

export interface LayoutUiSchemaOptions {
  /** Locale of section titles and option labels (falls back to English). */
  locale?: string;
  /** Overrides of DEFAULT_WIDGETS by registry widget name. */
  widgets?: Record<string, WidgetMapping>;
}

export type UiSchemaObject = Record<string, unknown>;

/** Values that span the whole row of a section whatever its columns. */
const WIDE_TYPES = new Set(['longText', 'richText', 'address', 'json']);

function localized(labels: { en: string; [locale: string]: string | undefined } | undefined, locale: string | undefined, fallback: string): string {
  if (!labels) return fallback;
  return (locale ? labels[locale] : undefined) ?? labels.en ?? fallback;
}

/** The layout an object gets when it has none: its live fields, two columns, in definition order. */
export function defaultLayout(object: ObjectDef): LayoutDef {
  return {
    id: `${object.id}_default_layout`,
    object: object.id,
    apiName: `${object.apiName}Default`,
    label: object.label,
    isDefault: true,
    sections: [
      {
        id: `${object.id}_main`,
        label: { en: 'Details', 'zh-CN': '详细信息' },
        columns: 2,
        fields: object.fields.filter((f) => f.state !== 'deleted').map((f) => f.apiName),
      },
    ],
    relatedLists: [],
  };
}

function fieldUiSchema(field: FieldDef, options: LayoutUiSchemaOptions, section: LayoutSection | undefined): UiSchemaObject {
  const module = fieldType(field.type);
  const mapping = options.widgets?.[module.widget] ?? DEFAULT_WIDGETS[module.widget] ?? {};
  const ui: UiSchemaObject = {};
  if (mapping.widget) ui['ui:widget'] = mapping.widget;
  if (mapping.field) ui['ui:field'] = mapping.field;
  const uiOptions: Record<string, unknown> = {
    ...(mapping.options ?? {}),
    // The field itself, for widgets that need its settings (options, target, format).
    field,
    atriumType: field.type,
    atriumWidget: module.widget,
    wide: WIDE_TYPES.has(field.type),
    ...(section ? { section: section.id } : {}),
  };
  if (field.type === 'lookup' || field.type === 'masterDetail' || field.type === 'manyToMany') uiOptions.target = field.config?.target;
  if (field.type === 'autoNumber' && field.config?.displayFormat) uiOptions.displayFormat = field.config.displayFormat;
  ui['ui:options'] = uiOptions;
  if (module.readOnly) ui['ui:readonly'] = true;
  const help = localized(field.helpText, options.locale, '');
  if (help) ui['ui:help'] = help;

  if (field.type === 'picklist' || field.type === 'multiPicklist') {
    const choices = field.config?.options ?? [];
    const enumNames = Object.fromEntries(choices.map((o) => [o.value, localized(o.label, options.locale, o.value)]));
    const enumDisabled = choices.filter((o) => o.inactive).map((o) => o.value);
    // Only the options, in their order (null, added to optional fields' enum, is "no value", not an option).
    const enumOrder = choices.map((o) => o.value);
    const choiceUi: UiSchemaObject = {
      'ui:enumNames': enumNames,
      'ui:enumOrder': enumOrder,
      ...(enumDisabled.length ? { 'ui:enumDisabled': enumDisabled } : {}),
    };
    Object.assign(ui, choiceUi);
    if (field.type === 'multiPicklist') ui.items = { ...choiceUi };
    uiOptions.colors = Object.fromEntries(choices.filter((o) => o.color).map((o) => [o.value, o.color]));
  }
  if (field.type === 'currency') {
    ui.amount = { 'ui:widget': 'updown', 'ui:options': { label: false } };
    ui.currency = { 'ui:widget': 'text', 'ui:options': { label: false } };
  }
  return ui;
}

/**
 * The uiSchema of `object`'s form laid out by `layout` (its default layout when absent).
 * Root `ui:options[LAYOUT_UI_OPTION]` holds the sections in order; `ui:order` lists the placed
 * fields section by section; fields left off the layout and system fields are hidden.
 */
export function layoutToUiSchema(layout: LayoutDef | undefined, object: ObjectDef, options: LayoutUiSchemaOptions = {}): UiSchemaObject {
  const effective = layout ?? defaultLayout(object);
  const live = new Map(object.fields.filter((f) => f.state !== 'deleted').map((f) => [f.apiName, f]));
  const placed = new Set<string>();
  const sections: LayoutSectionUi[] = [];
  const ui: UiSchemaObject = {};
  for (const section of effective.sections) {
    const fields = section.fields.filter((name) => live.has(name) && !placed.has(name));
    for (const name of fields) {
      placed.add(name);
      ui[name] = fieldUiSchema(live.get(name) as FieldDef, options, section);
    }
    sections.push({
      id: section.id,
      title: localized(section.label, options.locale, ''),
      columns: Math.min(4, Math.max(1, section.columns)),
      fields,
      collapsed: section.collapsed === true,
    });
  }
  for (const [name, field] of live) {
    if (!placed.has(name)) ui[name] = { ...fieldUiSchema(field, options, undefined), 'ui:widget': 'hidden' };
  }
  for (const name of SYSTEM_FIELD_NAMES) {
    if (!live.has(name)) ui[name] = { 'ui:widget': 'hidden' };
  }
  ui['ui:order'] = [...sections.flatMap((s) => s.fields), '*'];
  ui['ui:options'] = { [LAYOUT_UI_OPTION]: sections };
  return ui;
}

/** The sections of a uiSchema made by `layoutToUiSchema` (for an ObjectFieldTemplate). */
export function layoutOf(uiSchema: UiSchemaObject | undefined): LayoutUi | undefined {
  const options = uiSchema?.['ui:options'] as Record<string, unknown> | undefined;
  const sections = options?.[LAYOUT_UI_OPTION] as LayoutSectionUi[] | undefined;
  return Array.isArray(sections) ? { sections } : undefined;
}
