import { AtriumApiError, type NewView, type SavedView, type ViewChanges } from '@atrium/client';
import type { ObjectDef } from '@atrium/metadata';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '../../app/session/session-context.tsx';
import { type LegacyView, legacyDefinition, loadLegacyViews, storeLegacyViews } from './saved-views.ts';

export interface SavedViews {
  status: 'loading' | 'ready' | 'error';
  /** The user's views of the object and the shared ones, in the server's order. */
  views: SavedView[];
  /** Whether the user may create and change views shared with everyone. */
  canShare: boolean;
  error: unknown;
  reload(): void;
  create(view: Omit<NewView, 'object'>): Promise<SavedView>;
  /** Changes a view as the user last saw it (a view changed elsewhere since: CONFLICT). */
  update(view: SavedView, changes: ViewChanges): Promise<SavedView>;
  remove(view: SavedView): Promise<void>;
}

/** Imports running in this page (by tenant and object): React may start an effect twice. */
const importing = new Set<string>();

/** Whether an error means the server will never take the view as it is (else: try again another time). */
function refusedForGood(error: unknown): boolean {
  return error instanceof AtriumApiError && (error.status === 400 || error.status === 403 || error.status === 409);
}

/**
 * Moves the views this browser kept for the object (before views were kept on the server) into
 * the user's private views, once: each one imported, or refused for good, is forgotten here;
 * those that met a network problem stay for the next time. Returns how many were imported.
 */
export async function importLegacyViews(
  create: (view: Omit<NewView, 'object'>) => Promise<unknown>,
  object: ObjectDef,
  tenant: string,
  readable: (field: string) => boolean,
): Promise<number> {
  const key = `${tenant}.${object.apiName}`;
  const legacy = loadLegacyViews(tenant, object.apiName);
  if (legacy.length === 0 || importing.has(key)) return 0;
  importing.add(key);
  try {
    const kept: LegacyView[] = [];
    let imported = 0;
    for (const view of legacy) {
      const definition = legacyDefinition(object, view, readable);
      const name = view.name.trim().slice(0, 200) || view.id;
      try {
        await create({ name, visibility: 'private', definition });
        imported += 1;
      } catch (error) {
        if (error instanceof AtriumApiError && error.code === 'VALIDATION_FAILED') {
          // What no longer fits (a value of another type): keep at least the columns.
          await create({ name, visibility: 'private', definition: { columns: definition.columns } }).then(
            () => (imported += 1),
            (again: unknown) => !refusedForGood(again) && kept.push(view),
          );
        } else if (!refusedForGood(error)) kept.push(view);
      }
    }
    storeLegacyViews(tenant, object.apiName, kept);
    return imported;
  } finally {
    importing.delete(key);
  }
}

/**
 * The saved views of one object from `/api/v1/views`, with create, change and delete; imports
 * this browser's old views once (`onImported` says how many).
 */
export function useSavedViews(object: ObjectDef, tenant: string, readable: (field: string) => boolean, onImported?: (count: number) => void): SavedViews {
  const client = useApi();
  const [state, setState] = useState<{ status: SavedViews['status']; views: SavedView[]; canShare: boolean; error: unknown }>({
    status: 'loading',
    views: [],
    canShare: false,
    error: null,
  });
  const [reloads, setReloads] = useState(0);
  const latest = useRef({ readable, onImported });
  latest.current = { readable, onImported };

  const create = useCallback(
    async (view: Omit<NewView, 'object'>) => {
      const created = await client.views().create({ ...view, object: object.apiName });
      setState((s) => ({ ...s, views: [...s.views.filter((v) => v.id !== created.id), created] }));
      return created;
    },
    [client, object.apiName],
  );

  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, status: s.status === 'ready' ? 'ready' : 'loading', error: null }));
    const load = () => client.views().list(object.apiName);
    load()
      .then(async (answer) => {
        if (!live) return;
        setState({ status: 'ready', views: answer.data, canShare: answer.canShare, error: null });
        const imported = await importLegacyViews((view) => client.views().create({ ...view, object: object.apiName }), object, tenant, latest.current.readable);
        if (imported > 0 && live) {
          const fresh = await load();
          if (live) setState({ status: 'ready', views: fresh.data, canShare: fresh.canShare, error: null });
          latest.current.onImported?.(imported);
        }
      })
      .catch((error: unknown) => live && setState((s) => ({ ...s, status: 'error', error })));
    return () => {
      live = false;
    };
  }, [client, object, tenant, reloads]);

  const update = useCallback(
    async (view: SavedView, changes: ViewChanges) => {
      const updated = await client.views().update(view.id, changes, { expectedVersion: view.version });
      // Made private by someone else than its owner: it is no longer the user's to see.
      const visible = updated.mine || updated.visibility === 'everyone';
      setState((s) => ({ ...s, views: visible ? s.views.map((v) => (v.id === updated.id ? updated : v)) : s.views.filter((v) => v.id !== updated.id) }));
      return updated;
    },
    [client],
  );

  const remove = useCallback(
    async (view: SavedView) => {
      await client.views().delete(view.id);
      setState((s) => ({ ...s, views: s.views.filter((v) => v.id !== view.id) }));
    },
    [client],
  );

  const reload = useCallback(() => setReloads((n) => n + 1), []);

  return { ...state, reload, create, update, remove };
}
