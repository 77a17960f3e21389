import { AtriumApiError } from '@atrium/client';
import type { ObjectDef } from '@atrium/metadata';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { useMetadata } from '../metadata/metadata-context.tsx';
import { useSession } from '../session/session-context.tsx';
import { AccessModel, type ObjectAccess, type RecordAction } from './access-model.ts';

export interface Access {
  /** False until the metadata is loaded (what the user may do comes with the session). */
  ready: boolean;
  isAdmin: boolean;
  model: AccessModel;
  /** A system permission: `export`, `transferOwnership`, `manageUsers`, … */
  can(permission: string): boolean;
  /** Whether the user may give the object's records to someone else. */
  canTransfer(object: ObjectDef): boolean;
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

/**
 * What the signed-in user may do, from the permission summary `GET /api/v1/auth/me` (and sign-in)
 * carries: nothing is asked of the API to find out. Answers of the API refine it afterwards (a
 * refused action is disabled from then on).
 */
export function AccessProvider({ children }: { children: ReactNode }) {
  const { me } = useSession();
  const { index } = useMetadata();
  const objects = index?.objects;
  const [model, setModel] = useState(() => AccessModel.of(me, objects ?? []));

  // A new summary (sign-in, tenant switch, a refreshed `me`) or new metadata starts afresh.
  useEffect(() => {
    setModel(AccessModel.of(me, objects ?? []));
  }, [me, objects]);

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
      ready: objects !== undefined,
      isAdmin: model.all,
      model,
      can: (permission) => model.can(permission),
      canTransfer: (o) => model.canTransfer(o),
      object: (o) => model.object(o),
      canReadField: (o, f) => model.canReadField(o, f),
      canEditField: (o, f) => model.canEditField(o, f),
      sawRecords,
      refused,
      noteError,
    }),
    [objects, model, sawRecords, refused, noteError],
  );
  return <AccessContext.Provider value={value}>{children}</AccessContext.Provider>;
}

export function useAccess(): Access {
  const value = useContext(AccessContext);
  if (!value) throw new Error('useAccess outside <AccessProvider>');
  return value;
}
