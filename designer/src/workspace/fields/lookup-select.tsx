import type { ObjectDef } from '@atrium/metadata';
import { Select, Spin } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useI18n } from '../../app/i18n/i18n-context.tsx';
import { useApi } from '../../app/session/session-context.tsx';
import { quickSearchFilter } from '../list/filter-model.ts';
import { recordName } from './field-values.ts';

interface Props {
  target: ObjectDef;
  value: string | string[] | null | undefined;
  onChange(value: string | string[] | null): void;
  multiple?: boolean;
  disabled?: boolean;
  id?: string;
  autoFocus?: boolean;
  /** Names already known (from an expanded record), by id. */
  knownNames?: Record<string, string>;
  onBlur?(): void;
  status?: 'error';
  size?: 'small' | 'middle' | 'large';
  style?: React.CSSProperties;
  'aria-label'?: string;
}

/** Picks records of another object by searching its name field (`contains`), 20 at a time. */
export function LookupSelect({ target, value, onChange, multiple, disabled, id, autoFocus, knownNames, onBlur, status, size, style, ...rest }: Props) {
  const client = useApi();
  const { t, label } = useI18n();
  const [options, setOptions] = useState<Array<{ value: string; label: string }>>([]);
  const [names, setNames] = useState<Record<string, string>>(knownNames ?? {});
  const [loading, setLoading] = useState(false);
  const request = useRef(0);
  const ids = useMemo(() => (Array.isArray(value) ? value : value ? [value] : []), [value]);

  // Names of the selected records that are not known yet.
  useEffect(() => {
    const missing = ids.filter((i) => !names[i]);
    if (missing.length === 0) return;
    let cancelled = false;
    client
      .records(target.apiName)
      .list({ filter: { id: { in: missing } }, limit: Math.min(missing.length, 200) })
      .then((page) => {
        if (cancelled) return;
        setNames((n) => ({ ...n, ...Object.fromEntries(page.data.map((r) => [r.id, recordName(target, r as Record<string, unknown>)])) }));
      })
      .catch(() => {});
    return () => {
      cancelled = true;
    };
  }, [ids, names, client, target]);

  const search = (text: string) => {
    const mine = ++request.current;
    setLoading(true);
    const filter = quickSearchFilter(target, text);
    client
      .records(target.apiName)
      .list({ ...(filter ? { filter } : {}), limit: 20, sort: [target.nameField] })
      .then((page) => {
        if (mine !== request.current) return;
        const found = page.data.map((r) => ({ value: r.id, label: recordName(target, r as Record<string, unknown>) }));
        setNames((n) => ({ ...n, ...Object.fromEntries(found.map((o) => [o.value, o.label])) }));
        setOptions(found);
      })
      .catch(() => setOptions([]))
      .finally(() => mine === request.current && setLoading(false));
  };

  const merged = useMemo(() => {
    const seen = new Set(options.map((o) => o.value));
    return [...ids.filter((i) => !seen.has(i)).map((i) => ({ value: i, label: names[i] ?? '…' })), ...options];
  }, [options, ids, names]);

  return (
    <Select
      {...rest}
      id={id}
      mode={multiple ? 'multiple' : undefined}
      showSearch={{ filterOption: false, onSearch: search }}
      allowClear
      autoFocus={autoFocus}
      disabled={disabled}
      status={status}
      size={size}
      style={{ width: '100%', ...style }}
      placeholder={t('record.lookupPlaceholder', { object: label(target.label, target.apiName) })}
      value={multiple ? ids : (ids[0] ?? null)}
      options={merged}
      notFoundContent={loading ? <Spin size="small" /> : null}
      onOpenChange={(open) => open && options.length === 0 && search('')}
      onBlur={onBlur}
      onChange={(next: string | string[] | null | undefined) =>
        onChange(multiple ? ((next as string[] | undefined) ?? []) : ((next as string | undefined) ?? null))
      }
    />
  );
}
