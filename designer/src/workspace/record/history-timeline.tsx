import type { ObjectDef } from '@atrium/metadata';
import { Card, Timeline, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../../app/i18n/i18n-context.tsx';
import { useApi, useSession } from '../../app/session/session-context.tsx';
import { EmptyState, Loading } from '../../app/states/states.tsx';
import { useUserNames } from '../../app/users/user-directory.ts';
import { formatDateTime, formatValue } from '../fields/field-values.ts';
import { personName } from './record-owner.tsx';

export interface HistoryEntry {
  field: string;
  oldValue: unknown;
  newValue: unknown;
  actorId: string | null;
  credential: string | null;
  changedAt: string;
}

export interface HistoryEvent {
  at: string;
  actorId: string | null;
  changes: HistoryEntry[];
}

/** Field changes grouped into events: the same writer at the same instant is one save. */
export function groupHistory(entries: HistoryEntry[]): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  for (const entry of entries) {
    const last = events[events.length - 1];
    if (last && last.at === entry.changedAt && last.actorId === entry.actorId) last.changes.push(entry);
    else events.push({ at: entry.changedAt, actorId: entry.actorId, changes: [entry] });
  }
  return events;
}

/** The record's field history (`GET /api/v1/data/{object}/{id}/history`), newest first. */
export function HistoryTimeline({ object, id, version }: { object: ObjectDef; id: string; version: number }) {
  const client = useApi();
  const { me } = useSession();
  const { t, label, locale } = useI18n();
  const [state, setState] = useState<{ events: HistoryEvent[] | null; error: unknown }>({ events: null, error: null });
  const people = useUserNames((state.events ?? []).slice(0, 50).map((e) => e.actorId));

  // Reloaded whenever the record's version changes (after a save).
  useEffect(() => {
    let cancelled = false;
    client
      .request<{ data: HistoryEntry[] }>('GET', `/api/v1/data/${encodeURIComponent(object.apiName)}/${encodeURIComponent(id)}/history`)
      .then((answer) => !cancelled && setState({ events: groupHistory(answer.data), error: null }))
      .catch((error: unknown) => !cancelled && setState({ events: null, error }));
    return () => {
      cancelled = true;
    };
  }, [client, object.apiName, id, version]);

  const ctx = { locale, label, yes: t('value.yes'), no: t('value.no') };
  const show = (field: string, value: unknown) => {
    const text = formatValue(
      object.fields.find((f) => f.apiName === field),
      value,
      ctx,
    );
    return text || t('value.empty');
  };

  let body: React.ReactNode;
  if (state.error) body = <Typography.Text type="secondary">{t('record.historyUnavailable')}</Typography.Text>;
  else if (!state.events) body = <Loading rows={4} />;
  else if (state.events.length === 0) body = <EmptyState description={t('record.historyEmpty')} />;
  else
    body = (
      <Timeline
        items={state.events.slice(0, 50).map((event) => ({
          key: `${event.at}-${event.actorId}`,
          content: (
            <div className="atrium-history-item">
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(event.at, locale)}
                {event.actorId && ` · ${t('record.by', { who: personName(event.actorId, people.get(event.actorId), me?.user?.id, t) })}`}
              </Typography.Text>
              {event.changes.map((change) => {
                const field = object.fields.find((f) => f.apiName === change.field);
                return (
                  <div key={change.field}>
                    {t('record.changed', {
                      field: label(field?.label, change.field),
                      from: show(change.field, change.oldValue),
                      to: show(change.field, change.newValue),
                    })}
                  </div>
                );
              })}
            </div>
          ),
        }))}
      />
    );
  return (
    <Card size="small" title={t('record.history')} className="atrium-section">
      {body}
    </Card>
  );
}
