import { AtriumApiError } from '@atrium/client';
import type { ObjectDef } from '@atrium/metadata';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { useMetadata } from '../metadata/metadata-context.tsx';
import { useSession } from '../session/session-context.tsx';
import { AccessModel, type ObjectAccess, type RecordAction } from './access-model.ts';

export interface Access {
  /** False while the workspace is still finding out which objects the user may read. */
  ready: boolean;
  isAdmin: boolean;
  model: AccessModel;
  object(object: ObjectDef): ObjectAccess;
  canReadField(object: ObjectDef, field: string): boolean;
  canEditField(object: ObjectDef, field: string): boolean;
  /** Records as the REST API returned them (default selection): their keys are the readable fields. */
  sawRecords(object: ObjectDef, records: Array<Record<string, unknown>>): void;
  /** The API refused an action (FORBIDDEN): disable it from now on. */
  refused(object: ObjectDef, action: RecordAction): void;
  /** `refused` when the error is FORBIDDEN; returns whether it was. */
  noteError(object: ObjectDef, action: RecordAction, error: unknown): boolean;
}

const AccessContext = createContext<Access | null>(null);

/** Fields of the REST answer's shape that are not the object's own. */
const SYSTEM_KEYS = new Set(['id', 'ownerId', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy', 'version']);

export function AccessProvider({ children }: { children: ReactNode }) {
  const { me, client } = useSession();
  const { index } = useMetadata();
  const objects = index?.objects;
  const [model, setModel] = useState(() => AccessModel.of(me, objects ?? []));
  const [ready, setReady] = useState(false);

  // Without a summary, ask each object for one record: FORBIDDEN hides it, its keys are the readable fields.
  useEffect(() => {
    if (!objects) return;
    const base = AccessModel.of(me, objects);
    setModel(base);
    if (base.known) {
      setReady(true);
      return;
    }
    setReady(false);
    let cancelled = false;
    void Promise.all(
      objects.map(async (object) => {
        try {
          const page = await client.records(object.apiName).list({ limit: 1 });
          const first = page.data[0] as Record<string, unknown> | undefined;
          return { object, read: true, fieldsSeen: first ? Object.keys(first).filter((k) => !SYSTEM_KEYS.has(k)) : undefined };
        } catch (error) {
          return { object, read: !(error instanceof AtriumApiError && error.code === 'FORBIDDEN'), fieldsSeen: undefined };
        }
      }),
    ).then((results) => {
      if (cancelled) return;
      let next = base;
      for (const r of results) next = next.learn(r.object, { read: r.read, ...(r.fieldsSeen ? { fieldsSeen: r.fieldsSeen } : {}) });
      setModel(next);
      setReady(true);
    });
    return () => {
      cancelled = true;
    };
  }, [me, objects, client]);

  const sawRecords = useCallback((object: ObjectDef, records: Array<Record<string, unknown>>) => {
    const first = records[0];
    if (!first) return;
    const seen = Object.keys(first).filter((k) => !SYSTEM_KEYS.has(k));
    setModel((m) => {
      if (m.all || m.known) return m;
      const fields = m.object(object).fields;
      if (fields && fields.size === seen.length && seen.every((f) => fields.has(f))) return m;
      return m.learn(object, { fieldsSeen: seen });
    });
  }, []);

  const refused = useCallback((object: ObjectDef, action: RecordAction) => {
    setModel((m) => (m.object(object)[action] ? m.learn(object, { [action]: false }) : m));
  }, []);

  const noteError = useCallback(
    (object: ObjectDef, action: RecordAction, error: unknown) => {
      if (!(error instanceof AtriumApiError) || error.code !== 'FORBIDDEN') return false;
      // A field refusal is about that field, not the action.
      if (error.details.some((d) => /FIELD/.test(d.code))) return true;
      refused(object, action);
      return true;
    },
    [refused],
  );

  const value = useMemo<Access>(
    () => ({
      ready: ready || model.all,
      isAdmin: model.all,
      model,
      object: (o) => model.object(o),
      canReadField: (o, f) => model.canReadField(o, f),
      canEditField: (o, f) => model.canEditField(o, f),
      sawRecords,
      refused,
      noteError,
    }),
    [ready, model, sawRecords, refused, noteError],
  );
  return <AccessContext.Provider value={value}>{children}</AccessContext.Provider>;
}

export function useAccess(): Access {
  const value = useContext(AccessContext);
  if (!value) throw new Error('useAccess outside <AccessProvider>');
  return value;
}
