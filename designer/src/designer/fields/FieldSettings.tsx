import { type FieldConfig, type FieldDef, fieldType, type JsonSchema, type MetadataBundle, ON_DELETE_VALUES } from '@atrium/metadata';
import { DatePicker, Form, Input, InputNumber, Radio, Select, Space } from 'antd';
import dayjs from 'dayjs';
import { JsonEditor } from '../conditions/ConditionBuilder.tsx';
import { useT } from '../support/i18n.tsx';
import type { MessageKey } from '../support/messages.ts';

const CONFIG_LABELS: Record<string, MessageKey> = {
  maxLength: 'config.maxLength',
  precision: 'config.precision',
  scale: 'config.scale',
  defaultCurrency: 'config.defaultCurrency',
  displayFormat: 'config.displayFormat',
  startAt: 'config.startAt',
};

/**
 * The settings of types without an editor of their own, generated from the type's configSchema
 * in the field-type registry (integers → number inputs, strings → text inputs, enums → choices).
 */
export function GenericConfigFields({ field, onChange }: { field: FieldDef; onChange: (config: FieldConfig) => void }) {
  const { t } = useT();
  const schema = fieldType(field.type).configSchema;
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const config = (field.config ?? {}) as Record<string, unknown>;
  const set = (key: string, value: unknown) => {
    const next = { ...config, [key]: value };
    if (value === undefined || value === null || value === '') delete next[key];
    onChange(next as FieldConfig);
  };
  const keys = Object.keys(properties);
  if (keys.length === 0) return null;
  return (
    <>
      {keys.map((key) => {
        const property = properties[key] as JsonSchema;
        const label = CONFIG_LABELS[key] ? t(CONFIG_LABELS[key] as MessageKey) : key;
        const help = key === 'displayFormat' ? t('config.displayFormatHelp') : undefined;
        if (Array.isArray(property.enum)) {
          return (
            <Form.Item key={key} label={label} help={help}>
              <Select
                allowClear
                value={config[key] as string | undefined}
                onChange={(value) => set(key, value)}
                options={(property.enum as string[]).map((v) => ({ value: v, label: v }))}
                aria-label={label}
              />
            </Form.Item>
          );
        }
        if (property.type === 'integer' || property.type === 'number') {
          return (
            <Form.Item key={key} label={label} help={help}>
              <InputNumber
                value={typeof config[key] === 'number' ? (config[key] as number) : null}
                min={typeof property.minimum === 'number' ? property.minimum : undefined}
                max={typeof property.maximum === 'number' ? property.maximum : undefined}
                precision={property.type === 'integer' ? 0 : undefined}
                onChange={(value) => set(key, value ?? undefined)}
                aria-label={label}
              />
            </Form.Item>
          );
        }
        return (
          <Form.Item key={key} label={label} help={help}>
            <Input
              value={(config[key] as string | undefined) ?? ''}
              onChange={(event) => set(key, event.target.value)}
              aria-label={label}
              style={{ maxWidth: 320 }}
            />
          </Form.Item>
        );
      })}
    </>
  );
}

/** Lookup, master-detail and many-to-many: the target object, what deleting the target does, the reverse relation's name. */
export function RelationConfigFields({
  field,
  onChange,
  bundle,
  existing,
}: {
  field: FieldDef;
  onChange: (config: FieldConfig) => void;
  bundle: MetadataBundle;
  /** A saved relation cannot be retargeted. */
  existing: boolean;
}) {
  const { t, label } = useT();
  const config = field.config ?? {};
  return (
    <>
      <Form.Item label={t('relation.target')} required help={existing ? t('relation.noRetarget') : undefined}>
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          disabled={existing}
          value={config.target || undefined}
          onChange={(target: string) => onChange({ ...config, target })}
          options={bundle.objects.map((o) => ({ value: o.id, label: `${label(o.label, o.apiName)} (${o.apiName})` }))}
          aria-label={t('relation.target')}
          style={{ maxWidth: 360 }}
        />
      </Form.Item>
      {field.type === 'lookup' && (
        <Form.Item label={t('relation.onDelete')} required>
          <Radio.Group
            value={config.onDelete}
            onChange={(event) => onChange({ ...config, onDelete: event.target.value })}
            options={ON_DELETE_VALUES.map((value) => ({
              value,
              label: t(`relation.onDelete.${value}`),
              disabled: value === 'setNull' && field.required === true,
            }))}
            aria-label={t('relation.onDelete')}
          />
        </Form.Item>
      )}
      {field.type === 'masterDetail' && <Form.Item label={t('relation.onDelete')}>{t('relation.masterDetailCascade')}</Form.Item>}
      <Form.Item label={t('relation.relationName')} help={t('relation.relationNameHelp')}>
        <Input
          value={config.relationName ?? ''}
          onChange={(event) => onChange({ ...config, relationName: event.target.value || undefined })}
          aria-label={t('relation.relationName')}
          style={{ maxWidth: 320 }}
        />
      </Form.Item>
    </>
  );
}

/** A constant default in the type's API shape. */
export function DefaultValueInput({ field, onChange }: { field: FieldDef; onChange: (value: unknown) => void }) {
  const { t, label } = useT();
  const value = field.default;
  const aria = t('field.default');
  switch (field.type) {
    case 'integer':
    case 'number':
    case 'percent':
      return (
        <InputNumber
          value={typeof value === 'number' ? value : null}
          precision={field.type === 'integer' ? 0 : undefined}
          onChange={(next) => onChange(next ?? undefined)}
          aria-label={aria}
        />
      );
    case 'currency': {
      const money = (value ?? {}) as { amount?: number; currency?: string };
      return (
        <Space.Compact>
          <InputNumber
            value={typeof money.amount === 'number' ? money.amount : null}
            onChange={(amount) => onChange(amount === null ? undefined : { amount, currency: money.currency ?? field.config?.defaultCurrency ?? 'USD' })}
            aria-label={aria}
          />
          <Input
            style={{ width: 80 }}
            value={money.currency ?? field.config?.defaultCurrency ?? ''}
            maxLength={3}
            onChange={(event) => onChange({ amount: money.amount ?? 0, currency: event.target.value.toUpperCase() })}
            aria-label={t('config.defaultCurrency')}
          />
        </Space.Compact>
      );
    }
    case 'boolean':
      return (
        <Select
          allowClear
          style={{ width: 160 }}
          value={typeof value === 'boolean' ? String(value) : undefined}
          onChange={(next?: string) => onChange(next === undefined ? undefined : next === 'true')}
          options={[
            { value: 'true', label: t('common.true') },
            { value: 'false', label: t('common.false') },
          ]}
          aria-label={aria}
        />
      );
    case 'date':
    case 'datetime':
      return (
        <DatePicker
          showTime={field.type === 'datetime'}
          value={typeof value === 'string' && value ? dayjs(value) : null}
          onChange={(next) => onChange(next ? (field.type === 'date' ? next.format('YYYY-MM-DD') : next.toISOString()) : undefined)}
          aria-label={aria}
        />
      );
    case 'picklist':
    case 'multiPicklist': {
      const options = (field.config?.options ?? []).filter((o) => o.value && !o.inactive).map((o) => ({ value: o.value, label: label(o.label, o.value) }));
      return (
        <Select
          allowClear
          mode={field.type === 'multiPicklist' ? 'multiple' : undefined}
          style={{ minWidth: 200 }}
          value={value as string | string[] | undefined}
          onChange={(next) => onChange(next === undefined || (Array.isArray(next) && next.length === 0) ? undefined : next)}
          options={options}
          aria-label={aria}
        />
      );
    }
    case 'json':
      return <JsonEditor value={value === undefined ? '' : JSON.stringify(value, null, 2)} onValid={(next) => onChange(next)} label={aria} rows={3} />;
    case 'longText':
    case 'richText':
      return (
        <Input.TextArea
          value={typeof value === 'string' ? value : ''}
          onChange={(event) => onChange(event.target.value || undefined)}
          aria-label={aria}
          rows={2}
        />
      );
    default:
      return (
        <Input
          value={typeof value === 'string' ? value : ''}
          onChange={(event) => onChange(event.target.value || undefined)}
          aria-label={aria}
          style={{ maxWidth: 320 }}
        />
      );
  }
}
