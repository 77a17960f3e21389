import { type FieldDef, RELATIVE_DATE_RANGES } from '@atrium/metadata';
import { DatePicker, Input, InputNumber, Select, Switch } from 'antd';
import dayjs from 'dayjs';
import { useI18n } from '../../app/i18n/i18n-context.tsx';
import type { MessageKey } from '../../app/i18n/messages-en.ts';
import { useMetadataIndex } from '../../app/metadata/metadata-context.tsx';
import { picklistOptions, valueKind } from './field-values.ts';
import { LookupSelect } from './lookup-select.tsx';

interface Props {
  field: FieldDef;
  value: unknown;
  onChange(value: unknown): void;
  /** A list of values (in, notIn, containsAny...). */
  multiple?: boolean;
  /** `filter`: operands of a condition (currency amounts, booleans as a choice); `edit`: a field value. */
  purpose: 'filter' | 'edit';
  autoFocus?: boolean;
  onCommit?(): void;
  onCancel?(): void;
  size?: 'small' | 'middle';
  status?: 'error';
  id?: string;
  'aria-label'?: string;
}

/** A picklist option with its colour. */
export function OptionLabel({ text, color }: { text: string; color?: string | undefined }) {
  return (
    <span>
      {color && <span className="atrium-color-dot" style={{ background: color }} aria-hidden="true" />}
      {text}
    </span>
  );
}

/** A compact input for one field's value, by field type: filters, inline edits and bulk edits. */
export function ValueInput({ field, value, onChange, multiple, purpose, autoFocus, onCommit, onCancel, size = 'middle', status, id, ...rest }: Props) {
  const { t, label } = useI18n();
  const index = useMetadataIndex();
  const kind = valueKind(field);
  const common = { autoFocus, size, status, id, 'aria-label': rest['aria-label'] ?? label(field.label, field.apiName), style: { width: '100%' } };
  const keys = {
    onKeyDown: (e: React.KeyboardEvent) => {
      if (e.key === 'Escape') onCancel?.();
      if (e.key === 'Enter' && !multiple) onCommit?.();
    },
  };

  switch (kind) {
    case 'picklist':
    case 'multiPicklist': {
      const options = picklistOptions(field)
        .filter((o) => !o.inactive || (Array.isArray(value) ? value.includes(o.value) : o.value === value))
        .map((o) => ({ value: o.value, label: <OptionLabel text={label(o.label, o.value)} color={o.color} />, text: label(o.label, o.value) }));
      const many = multiple || kind === 'multiPicklist';
      return (
        <Select
          {...common}
          mode={many ? 'multiple' : undefined}
          allowClear
          showSearch={{ optionFilterProp: 'text' }}
          placeholder={t('record.selectPlaceholder')}
          value={many ? (Array.isArray(value) ? value : value ? [value] : []) : ((value as string | null | undefined) ?? null)}
          options={options}
          onChange={(v) => onChange(v ?? null)}
          onBlur={onCommit}
          {...keys}
        />
      );
    }
    case 'boolean':
      if (purpose === 'edit')
        return (
          <Switch
            checked={value === true}
            onChange={(v) => onChange(v)}
            autoFocus={autoFocus}
            aria-label={common['aria-label']}
            size={size === 'small' ? 'small' : 'default'}
          />
        );
      return (
        <Select
          {...common}
          value={value === true ? 'true' : value === false ? 'false' : null}
          placeholder={t('record.selectPlaceholder')}
          options={[
            { value: 'true', label: t('value.yes') },
            { value: 'false', label: t('value.no') },
          ]}
          onChange={(v) => onChange(v === 'true')}
        />
      );
    case 'integer':
    case 'number':
    case 'percent':
    case 'currency': {
      if (multiple) {
        return (
          <Select
            {...common}
            mode="tags"
            value={Array.isArray(value) ? value.map(String) : []}
            onChange={(v: string[]) => onChange(v.map(Number).filter((n) => Number.isFinite(n)))}
            open={false}
            {...keys}
          />
        );
      }
      const amount = kind === 'currency' && purpose === 'edit' && value && typeof value === 'object' ? (value as { amount?: number }).amount : value;
      return (
        <InputNumber
          {...common}
          value={typeof amount === 'number' ? amount : null}
          precision={kind === 'integer' ? 0 : undefined}
          suffix={
            kind === 'percent'
              ? '%'
              : kind === 'currency' && purpose === 'edit'
                ? ((value as { currency?: string } | null)?.currency ?? field.config?.defaultCurrency)
                : undefined
          }
          onChange={(n) => {
            if (kind === 'currency' && purpose === 'edit') {
              const currency = (value as { currency?: string } | null)?.currency ?? field.config?.defaultCurrency;
              onChange(n === null ? null : { amount: n, ...(currency ? { currency } : {}) });
            } else onChange(n);
          }}
          {...keys}
        />
      );
    }
    case 'date':
    case 'datetime': {
      const withTime = kind === 'datetime';
      const parsed = typeof value === 'string' && value ? dayjs(value) : null;
      return (
        <DatePicker
          {...common}
          showTime={withTime}
          value={parsed?.isValid() ? parsed : null}
          onChange={(d) => onChange(d ? (withTime ? d.toISOString() : d.format('YYYY-MM-DD')) : null)}
          onOpenChange={(open) => !open && onCommit?.()}
          {...keys}
        />
      );
    }
    case 'lookup':
    case 'manyToMany': {
      const target = index.target(field);
      if (!target) break;
      return (
        <LookupSelect
          target={target}
          multiple={multiple || kind === 'manyToMany'}
          value={value as string | string[] | null}
          onChange={onChange}
          autoFocus={autoFocus}
          size={size}
          status={status}
          id={id}
          aria-label={common['aria-label']}
        />
      );
    }
    case 'longText':
      if (purpose === 'edit')
        return (
          <Input.TextArea
            {...common}
            autoSize={{ minRows: 2, maxRows: 8 }}
            value={(value as string) ?? ''}
            onChange={(e) => onChange(e.target.value)}
            onBlur={onCommit}
            onKeyDown={(e) => e.key === 'Escape' && onCancel?.()}
          />
        );
      break;
    default:
      break;
  }
  if (multiple) {
    return <Select {...common} mode="tags" value={Array.isArray(value) ? (value as string[]) : []} onChange={(v) => onChange(v)} open={false} />;
  }
  return (
    <Input
      {...common}
      value={(value as string | undefined) ?? ''}
      onChange={(e) => onChange(e.target.value)}
      onPressEnter={onCommit}
      onKeyDown={(e) => e.key === 'Escape' && onCancel?.()}
    />
  );
}

/** The named ranges of the `relative` operator, labelled. */
export function RelativeRangeSelect({ value, onChange, size }: { value: unknown; onChange(v: string): void; size?: 'small' | 'middle' }) {
  const { t } = useI18n();
  return (
    <Select
      size={size}
      style={{ width: '100%' }}
      value={(value as string) ?? undefined}
      placeholder={t('record.selectPlaceholder')}
      onChange={onChange}
      options={RELATIVE_DATE_RANGES.map((r) => ({ value: r, label: t(`relative.${r}` as MessageKey) }))}
    />
  );
}
