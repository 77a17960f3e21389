import type { FieldDef } from '@atrium/metadata';
import { Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../../app/i18n/i18n-context.tsx';
import { useMetadataIndex } from '../../app/metadata/metadata-context.tsx';
import { useSession } from '../../app/session/session-context.tsx';
import { formatValue, lookupId, optionOf, recordName, valueKind } from './field-values.ts';

/** A field's value for reading: picklists as coloured tags, lookups as links, emails and URLs as links. */
export function FieldValue({ field, value, names }: { field: FieldDef | undefined; value: unknown; names?: Map<string, string> }) {
  const { locale, label, t } = useI18n();
  const index = useMetadataIndex();
  const { me } = useSession();
  const empty = <Typography.Text type="secondary">{t('value.empty')}</Typography.Text>;
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return empty;
  const ctx = { locale, label, yes: t('value.yes'), no: t('value.no'), ...(names ? { names } : {}) };
  if (!field) return <>{formatValue(undefined, value, ctx)}</>;
  const kind = valueKind(field);
  if (kind === 'picklist' || kind === 'multiPicklist') {
    const values = Array.isArray(value) ? value : [value];
    return (
      <span>
        {values.map((v) => {
          const option = optionOf(field, v);
          return (
            <Tag key={String(v)} color={option?.color} variant="filled">
              {label(option?.label, String(v))}
            </Tag>
          );
        })}
      </span>
    );
  }
  if (kind === 'lookup') {
    const target = index.target(field);
    const id = lookupId(value);
    const text =
      typeof value === 'object' && value ? recordName(target, value as Record<string, unknown>) : (names?.get(String(value)) ?? String(value).slice(0, 8));
    return target && id ? <Link to={`/app/${target.apiName}/${id}`}>{text}</Link> : text;
  }
  if (kind === 'user' && value === me?.user?.id) return <>{t('value.you')}</>;
  const text = formatValue(field, value, ctx);
  if (field.type === 'email') return <a href={`mailto:${text}`}>{text}</a>;
  if (field.type === 'phone') return <a href={`tel:${text}`}>{text}</a>;
  if (field.type === 'url' && /^https?:\/\//i.test(text)) {
    return (
      <a href={text} target="_blank" rel="noopener noreferrer">
        {text}
      </a>
    );
  }
  return <>{text}</>;
}
