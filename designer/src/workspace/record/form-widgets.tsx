import type { FieldDef } from '@atrium/metadata';
import type {
  FieldProps,
  FieldTemplateProps,
  ObjectFieldTemplateProps,
  RegistryFieldsType,
  RegistryWidgetsType,
  TemplatesType,
  WidgetProps,
} from '@rjsf/utils';
import { Card, Collapse, DatePicker, Form, Input, InputNumber, Select, Switch } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useI18n } from '../../app/i18n/i18n-context.tsx';
import { useMetadataIndex } from '../../app/metadata/metadata-context.tsx';
import { useSession } from '../../app/session/session-context.tsx';
import { formatValue, picklistOptions } from '../fields/field-values.ts';
import { LookupSelect } from '../fields/lookup-select.tsx';
import { OptionLabel } from '../fields/value-input.tsx';
import type { FormSection } from './ui-schema.ts';

/*
 * The record form's rjsf pieces, in Ant Design: a widget per Atrium field type that rjsf's antd
 * theme does not cover (picklists with colours and inactive options, lookups with search, dates
 * in the API's shape), fields for composite values (currency, address, JSON) and templates that
 * lay the form out in the layout's sections and columns.
 */

const FULL = { width: '100%' } as const;

function fieldOf(options: Record<string, unknown>): FieldDef | undefined {
  return options.atriumField as FieldDef | undefined;
}

function PicklistWidget({ id, value, onChange, onBlur, onFocus, disabled, readonly, options, autofocus, rawErrors }: WidgetProps) {
  const { label, t } = useI18n();
  const field = fieldOf(options);
  const items = (field ? picklistOptions(field) : [])
    .filter((o) => !o.inactive || o.value === value)
    .map((o) => ({ value: o.value, label: <OptionLabel text={label(o.label, o.value)} color={o.color} />, text: label(o.label, o.value) }));
  return (
    <Select
      id={id}
      style={FULL}
      value={value ?? null}
      allowClear
      showSearch={{ optionFilterProp: 'text' }}
      disabled={disabled || readonly}
      autoFocus={autofocus}
      placeholder={t('record.selectPlaceholder')}
      status={rawErrors?.length ? 'error' : undefined}
      options={items}
      onChange={(v) => onChange(v ?? undefined)}
      onBlur={() => onBlur(id, value)}
      onFocus={() => onFocus(id, value)}
    />
  );
}

function MultiPicklistWidget({ id, value, onChange, disabled, readonly, options, autofocus, rawErrors }: WidgetProps) {
  const { label, t } = useI18n();
  const field = fieldOf(options);
  const current: string[] = Array.isArray(value) ? value : [];
  const items = (field ? picklistOptions(field) : [])
    .filter((o) => !o.inactive || current.includes(o.value))
    .map((o) => ({ value: o.value, label: <OptionLabel text={label(o.label, o.value)} color={o.color} />, text: label(o.label, o.value) }));
  return (
    <Select
      id={id}
      mode="multiple"
      style={FULL}
      value={current}
      allowClear
      showSearch={{ optionFilterProp: 'text' }}
      disabled={disabled || readonly}
      autoFocus={autofocus}
      placeholder={t('record.selectPlaceholder')}
      status={rawErrors?.length ? 'error' : undefined}
      options={items}
      onChange={(v: string[]) => onChange(v.length ? v : undefined)}
    />
  );
}

function LookupWidget({ id, value, onChange, disabled, readonly, options, autofocus, rawErrors, formContext }: WidgetProps) {
  const index = useMetadataIndex();
  const field = fieldOf(options);
  const target = field ? index.target(field) : undefined;
  const many = field?.type === 'manyToMany';
  const names = (formContext as { names?: Record<string, string> } | undefined)?.names;
  if (!target) return <Input id={id} value={value ?? ''} disabled />;
  return (
    <LookupSelect
      id={id}
      target={target}
      multiple={many}
      value={value ?? null}
      disabled={disabled || readonly}
      autoFocus={autofocus}
      status={rawErrors?.length ? 'error' : undefined}
      {...(names ? { knownNames: names } : {})}
      onChange={(v) => onChange(Array.isArray(v) ? (v.length ? v : undefined) : (v ?? undefined))}
    />
  );
}

function UserWidget({ id, value }: WidgetProps) {
  const { me } = useSession();
  const { t } = useI18n();
  return <Input id={id} value={value ? (value === me?.user?.id ? t('value.you') : String(value)) : ''} disabled />;
}

/** Formulas and auto-numbers: the value the server computed, formatted, never an input. */
function ComputedWidget({ id, value, options }: WidgetProps) {
  const { locale, label, t } = useI18n();
  const field = fieldOf(options);
  const text = formatValue(field, value, { locale, label, yes: t('value.yes'), no: t('value.no') });
  return (
    <div id={id} className="atrium-readonly-value">
      {text || t('value.empty')}
    </div>
  );
}

function SwitchWidget({ id, value, onChange, disabled, readonly, autofocus }: WidgetProps) {
  return <Switch id={id} checked={value === true} disabled={disabled || readonly} autoFocus={autofocus} onChange={(v) => onChange(v)} />;
}

function DateWidget({ id, value, onChange, disabled, readonly, autofocus, rawErrors, options }: WidgetProps) {
  const withTime = options.withTime === true || fieldOf(options)?.type === 'datetime';
  const parsed = typeof value === 'string' && value ? dayjs(value) : null;
  return (
    <DatePicker
      id={id}
      style={FULL}
      showTime={withTime ? { format: 'HH:mm' } : false}
      format={withTime ? 'YYYY-MM-DD HH:mm' : 'YYYY-MM-DD'}
      value={parsed?.isValid() ? parsed : null}
      disabled={disabled || readonly}
      autoFocus={autofocus}
      status={rawErrors?.length ? 'error' : undefined}
      onChange={(d) => onChange(d ? (withTime ? d.toISOString() : d.format('YYYY-MM-DD')) : undefined)}
    />
  );
}

function PercentWidget({ id, value, onChange, disabled, readonly, autofocus, rawErrors }: WidgetProps) {
  return (
    <InputNumber
      id={id}
      style={FULL}
      value={typeof value === 'number' ? value : null}
      suffix="%"
      disabled={disabled || readonly}
      autoFocus={autofocus}
      status={rawErrors?.length ? 'error' : undefined}
      changeOnWheel={false}
      onChange={(n) => onChange(n ?? undefined)}
    />
  );
}

const CURRENCIES = ['USD', 'EUR', 'CNY', 'GBP', 'JPY', 'HKD', 'SGD', 'AUD', 'CAD', 'CHF'];

function CurrencyField({ formData, onChange, fieldPathId, disabled, readonly, uiSchema, errorSchema }: FieldProps) {
  const rawErrors = (errorSchema as { __errors?: string[] } | undefined)?.__errors;
  const { t } = useI18n();
  const field = (uiSchema?.['ui:options'] as Record<string, unknown> | undefined)?.atriumField as FieldDef | undefined;
  const value = (formData ?? null) as { amount?: number; currency?: string } | null;
  const fallback = field?.config?.defaultCurrency ?? 'USD';
  const currency = value?.currency ?? fallback;
  const codes = CURRENCIES.includes(currency) ? CURRENCIES : [currency, ...CURRENCIES];
  const set = (amount: number | null | undefined, code: string) =>
    onChange(amount === null || amount === undefined ? undefined : { amount, currency: code }, fieldPathId.path);
  return (
    <div style={{ display: 'flex', gap: 8 }}>
      <InputNumber
        id={fieldPathId.$id}
        aria-label={t('record.amount')}
        style={{ flex: 1 }}
        value={typeof value?.amount === 'number' ? value.amount : null}
        disabled={disabled || readonly}
        changeOnWheel={false}
        status={rawErrors?.length ? 'error' : undefined}
        onChange={(n) => set(n, currency)}
      />
      <Select
        aria-label={t('record.currency')}
        style={{ width: 92 }}
        value={currency}
        disabled={disabled || readonly}
        options={codes.map((c) => ({ value: c, label: c }))}
        onChange={(c: string) => set(value?.amount, c)}
      />
    </div>
  );
}

const ADDRESS_PARTS = ['street', 'city', 'state', 'postalCode', 'country'] as const;

function AddressField({ formData, onChange, fieldPathId, disabled, readonly }: FieldProps) {
  const { t } = useI18n();
  const value = (formData ?? {}) as Record<string, string | null | undefined>;
  const set = (part: string, text: string) => {
    const next: Record<string, string | null> = {};
    for (const p of ADDRESS_PARTS) next[p] = (p === part ? text : value[p]) || null;
    onChange(Object.values(next).some((v) => v) ? next : undefined, fieldPathId.path);
  };
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(140px, 1fr))', gap: 8 }} id={fieldPathId.$id}>
      {ADDRESS_PARTS.map((part) => (
        <Input
          key={part}
          id={`${fieldPathId.$id}_${part}`}
          style={part === 'street' ? { gridColumn: '1 / -1' } : undefined}
          placeholder={t(`address.${part}`)}
          aria-label={t(`address.${part}`)}
          value={value[part] ?? ''}
          disabled={disabled || readonly}
          onChange={(e) => set(part, e.target.value)}
        />
      ))}
    </div>
  );
}

function JsonField({ formData, onChange, fieldPathId, disabled, readonly }: FieldProps) {
  const { t } = useI18n();
  const [text, setText] = useState(() => (formData === undefined || formData === null ? '' : JSON.stringify(formData, null, 2)));
  const [invalid, setInvalid] = useState(false);
  useEffect(() => {
    setText((current) => {
      try {
        if (current && JSON.stringify(JSON.parse(current)) === JSON.stringify(formData)) return current;
      } catch {
        return current;
      }
      return formData === undefined || formData === null ? '' : JSON.stringify(formData, null, 2);
    });
  }, [formData]);
  return (
    <Form.Item validateStatus={invalid ? 'error' : undefined} help={invalid ? t('record.invalidJson') : undefined} style={{ marginBottom: 0 }}>
      <Input.TextArea
        id={fieldPathId.$id}
        value={text}
        autoSize={{ minRows: 3, maxRows: 12 }}
        disabled={disabled || readonly}
        style={{ fontFamily: 'ui-monospace, monospace' }}
        onChange={(e) => {
          setText(e.target.value);
          if (!e.target.value.trim()) {
            setInvalid(false);
            onChange(undefined, fieldPathId.path);
            return;
          }
          try {
            onChange(JSON.parse(e.target.value), fieldPathId.path);
            setInvalid(false);
          } catch {
            setInvalid(true);
          }
        }}
      />
    </Form.Item>
  );
}

/** Every field: its label, the input, help text and its errors under it (antd Form.Item, vertical). */
function FieldTemplate({ id, children, label, required, rawErrors, rawDescription, hidden, uiSchema }: FieldTemplateProps) {
  if (hidden) return <div hidden>{children}</div>;
  if (id === 'root') return <>{children}</>;
  const options = (uiSchema?.['ui:options'] ?? {}) as { wide?: boolean };
  const errors = rawErrors?.filter(Boolean) ?? [];
  return (
    <Form.Item
      className={options.wide ? 'atrium-field-wide' : undefined}
      label={label}
      htmlFor={id}
      required={required}
      colon={false}
      labelCol={{ span: 24 }}
      wrapperCol={{ span: 24 }}
      validateStatus={errors.length ? 'error' : undefined}
      help={errors.length ? <span role="alert">{errors.join(' ')}</span> : undefined}
      extra={rawDescription || undefined}
      style={{ marginBottom: 16, ...(options.wide ? { gridColumn: '1 / -1' } : {}) }}
    >
      {children}
    </Form.Item>
  );
}

/** The root object: the layout's sections as cards with a grid of their columns; nested objects as a plain grid. */
function SectionsTemplate({ properties, uiSchema, fieldPathId }: ObjectFieldTemplateProps) {
  const sections = ((uiSchema?.['ui:options'] as { sections?: FormSection[] } | undefined)?.sections ?? []) as FormSection[];
  const byName = new Map(properties.map((p) => [p.name, p]));
  if (fieldPathId.$id !== 'root' || sections.length === 0) {
    return <div style={{ display: 'grid', gap: 8 }}>{properties.filter((p) => !p.hidden).map((p) => p.content)}</div>;
  }
  return (
    <div>
      {sections.map((section) => {
        const grid = (
          <div className="atrium-section-grid" style={{ gridTemplateColumns: `repeat(${section.columns}, minmax(0, 1fr))` }}>
            {section.fields.map((name) => (
              <div
                key={name}
                style={(uiSchema?.[name] as { 'ui:options'?: { wide?: boolean } } | undefined)?.['ui:options']?.wide ? { gridColumn: '1 / -1' } : undefined}
              >
                {byName.get(name)?.content}
              </div>
            ))}
          </div>
        );
        if (section.collapsed) {
          return <Collapse key={section.id} className="atrium-section" items={[{ key: section.id, label: section.title, children: grid }]} />;
        }
        return (
          <Card key={section.id} className="atrium-section" title={section.title || undefined} size="small">
            {grid}
          </Card>
        );
      })}
    </div>
  );
}

export const recordWidgets: RegistryWidgetsType = {
  picklist: PicklistWidget,
  multiPicklist: MultiPicklistWidget,
  lookup: LookupWidget,
  lookupMany: LookupWidget,
  user: UserWidget,
  computed: ComputedWidget,
  switch: SwitchWidget,
  date: DateWidget,
  datetime: DateWidget,
  percent: PercentWidget,
};

export const recordFields: RegistryFieldsType = {
  currency: CurrencyField,
  address: AddressField,
  json: JsonField,
};

export const recordTemplates: Partial<TemplatesType> = {
  FieldTemplate,
  ObjectFieldTemplate: SectionsTemplate,
};
