import { EditOutlined } from '@ant-design/icons';
import { AtriumApiError } from '@atrium/client';
import type { FieldDef, ObjectDef } from '@atrium/metadata';
import { Tooltip } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../app/api/api-errors.ts';
import { useI18n } from '../../app/i18n/i18n-context.tsx';
import { useMetadataIndex } from '../../app/metadata/metadata-context.tsx';
import { useAccess } from '../../app/permissions/access-context.tsx';
import { useApi } from '../../app/session/session-context.tsx';
import { FieldValue } from '../fields/field-value.tsx';
import { lookupId, valueKind } from '../fields/field-values.ts';
import { ValueInput } from '../fields/value-input.tsx';
import { checkRecordRules } from '../record/rule-check.ts';
import type { Row } from './use-record-list.ts';

interface Props {
  object: ObjectDef;
  field: FieldDef;
  row: Row;
  editable: boolean;
  onSaved(record: Row): void;
  /** Names of records lookups point at, by id. */
  names?: Map<string, string>;
}

/** The value in the form the editor takes (a lookup's id rather than its expanded record). */
function editValue(field: FieldDef, value: unknown): unknown {
  return valueKind(field) === 'lookup' ? lookupId(value) : value;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * A list cell that edits in place: the pencil (or double-click, or Enter on the focused button)
 * opens the field's input; Enter or leaving it saves with the record's version (If-Match); Escape
 * cancels. Rules are checked in the browser first; the server's refusal shows at the cell.
 */
export function EditableCell({ object, field, row, editable, onSaved, names }: Props) {
  const { t, label, locale } = useI18n();
  const client = useApi();
  const access = useAccess();
  const index = useMetadataIndex();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<unknown>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const original = editValue(field, row[field.apiName]);

  const start = () => {
    setDraft(original);
    setError(null);
    setEditing(true);
  };

  const commit = async (value = draft) => {
    if (saving) return;
    if (same(value, original)) {
      setEditing(false);
      return;
    }
    const patch = { [field.apiName]: value === '' || value === undefined ? null : value };
    const problems = checkRecordRules(index, object, { ...row, ...patch }, row).filter((p) => !p.field || p.field === field.apiName);
    const first = problems[0];
    if (first) {
      setError(label(first.message));
      return;
    }
    setSaving(true);
    try {
      const fresh = (await client.records(object.apiName).update(row.id, patch, { expectedVersion: row.version })) as Row;
      setEditing(false);
      setError(null);
      onSaved(fresh);
    } catch (e) {
      access.noteError(object, 'update', e);
      const detail =
        e instanceof AtriumApiError ? e.details.find((d) => d.path.endsWith(`/${field.apiName}`) || d.path.includes(`/${field.apiName}/`)) : undefined;
      setError(detail?.message ?? errorMessage(e, t));
    } finally {
      setSaving(false);
    }
  };

  if (editing) {
    return (
      <Tooltip open={error !== null} title={error} color="red" placement="bottom">
        <div style={{ minWidth: 160 }} data-testid={`edit-${field.apiName}`}>
          <ValueInput
            field={field}
            purpose="edit"
            size="small"
            autoFocus
            status={error ? 'error' : undefined}
            value={draft}
            onChange={(v) => {
              setDraft(v);
              // Choices commit at once: there is no text to finish typing.
              const kind = valueKind(field);
              if (kind === 'picklist' || kind === 'boolean' || kind === 'lookup') void commit(v);
            }}
            onCommit={() => void commit()}
            onCancel={() => {
              setEditing(false);
              setError(null);
            }}
          />
        </div>
      </Tooltip>
    );
  }
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: double-click is a mouse shortcut; the pencil button is the keyboard way.
    <div className="atrium-cell" onDoubleClick={editable ? start : undefined} lang={locale}>
      <span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>
        <FieldValue field={field} value={row[field.apiName]} {...(names ? { names } : {})} />
      </span>
      {editable && (
        // A plain button: fifty rows of antd Buttons cost a visible part of the list's first paint.
        <button type="button" className="atrium-cell-edit" aria-label={t('list.editCell', { field: label(field.label, field.apiName) })} onClick={start}>
          <EditOutlined aria-hidden="true" />
        </button>
      )}
    </div>
  );
}
