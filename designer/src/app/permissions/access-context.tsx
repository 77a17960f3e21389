import { AtriumApiError, type AtriumClient } from '@atrium/client';
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

/** An id no record has: writes to it are checked for permission, then answered NOT_FOUND. */
const NO_RECORD = '00000000-0000-7000-8000-000000000000';

/** Whether an answer refuses the action itself (not a field of it, not a missing record). */
function refusesAction(error: unknown): boolean {
  return error instanceof AtriumApiError && error.code === 'FORBIDDEN' && error.details.some((d) => d.code === 'OBJECT_NOT_WRITABLE');
}

/**
 * What a user without a permission summary may do with one object, asked without changing
 * anything: a list of one record (FORBIDDEN: not readable; its keys: the readable fields), a
 * delete and an update of a record that does not exist (the server checks permissions first,
 * then answers NOT_FOUND), and a create with a field no object can have (`__probe`: refused by
 * the field check or the schema, never stored). An update naming every readable field lists the
 * fields that are not editable.
 */
async function probeObject(client: AtriumClient, object: ObjectDef) {
  const records = client.records(object.apiName);
  let fieldsSeen: string[] | undefined;
  try {
    const page = await records.list({ limit: 1 });
    const first = page.data[0] as Record<string, unknown> | undefined;
    if (first) fieldsSeen = Object.keys(first).filter((k) => !SYSTEM_KEYS.has(k));
  } catch (error) {
    if (error instanceof AtriumApiError && error.code === 'FORBIDDEN') return { read: false, create: false, update: false, delete: false };
  }
  const writable = (fieldsSeen ?? object.fields.filter((f) => f.state !== 'deleted').map((f) => f.apiName)).filter((name) => {
    const field = object.fields.find((f) => f.apiName === name);
    return field && field.type !== 'formula' && field.type !== 'autoNumber';
  });
  const outcome = (promise: Promise<unknown>) =>
    promise.then(
      () => null,
      (error: unknown) => error,
    );
  const [deleted, updated, created] = await Promise.all([
    outcome(records.delete(NO_RECORD)),
    outcome(records.update(NO_RECORD, Object.fromEntries(writable.map((f) => [f, null])))),
    outcome(records.create({ __probe: true } as never)),
  ]);
  const notEditable =
    updated instanceof AtriumApiError ? updated.details.filter((d) => d.code === 'FIELD_NOT_EDITABLE').map((d) => d.path.split('/').pop() ?? '') : [];
  return {
    read: true,
    delete: !refusesAction(deleted),
    update: !refusesAction(updated),
    create: !refusesAction(created),
    ...(fieldsSeen ? { fieldsSeen } : {}),
    notEditable,
  };
}

export function AccessProvider({ children }: { children: ReactNode }) {
  const { me, client } = useSession();
  const { index } = useMetadata();
  const objects = index?.objects;
  const [model, setModel] = useState(() => AccessModel.of(me, objects ?? []));
  const [ready, setReady] = useState(false);

  // Without a summary, ask the API what each object allows (probeObject): nothing is shown that would be refused.
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
    void Promise.all(objects.map(async (object) => ({ object, learned: await probeObject(client, object) }))).then((results) => {
      if (cancelled) return;
      let next = base;
      for (const r of results) next = next.learn(r.object, r.learned);
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
