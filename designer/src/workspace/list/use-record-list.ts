import type { ObjectDef } from '@atrium/metadata';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useAccess } from '../../app/permissions/access-context.tsx';
import { useApi } from '../../app/session/session-context.tsx';

export type Row = Record<string, unknown> & { id: string; version: number };

export interface ListQuery {
  filter?: unknown;
  sort?: string[];
  expand?: string[];
  limit?: number;
}

export interface RecordList {
  rows: Row[];
  totalCount: number | undefined;
  hasMore: boolean;
  /** The first page is loading (nothing to show yet). */
  loading: boolean;
  loadingMore: boolean;
  error: unknown;
  loadMore(): void;
  reload(): void;
  /** Puts a record the API returned (after an edit) in place of the row with its id. */
  replace(record: Row): void;
  remove(ids: string[]): void;
}

/**
 * One object's records through REST: the first page (50, with the total), then keyset pages on
 * demand. A new query drops answers to the previous one (no flicker of stale rows).
 */
export function useRecordList(object: ObjectDef, query: ListQuery, enabled = true): RecordList {
  const client = useApi();
  const access = useAccess();
  const [state, setState] = useState<{
    rows: Row[];
    totalCount?: number;
    hasMore: boolean;
    cursor: string | null;
    loading: boolean;
    loadingMore: boolean;
    error: unknown;
  }>({
    rows: [],
    hasMore: false,
    cursor: null,
    loading: true,
    loadingMore: false,
    error: null,
  });
  const generation = useRef(0);
  const key = JSON.stringify([object.apiName, query]);
  const [reloads, setReloads] = useState(0);
  const sawRecords = access.sawRecords;

  useEffect(() => {
    if (!enabled) return;
    const mine = ++generation.current;
    setState((s) => ({ ...s, loading: true, error: null }));
    client
      .records(object.apiName)
      .list({ ...query, limit: query.limit ?? 50, count: true })
      .then((page) => {
        if (mine !== generation.current) return;
        sawRecords(object, page.data as Row[]);
        setState({
          rows: page.data as Row[],
          totalCount: page.totalCount,
          hasMore: page.hasMore,
          cursor: page.nextCursor,
          loading: false,
          loadingMore: false,
          error: null,
        });
      })
      .catch((error: unknown) => {
        if (mine !== generation.current) return;
        setState({ rows: [], hasMore: false, cursor: null, loading: false, loadingMore: false, error });
      });
  }, [key, reloads, enabled, client]);

  const loadMore = useCallback(() => {
    const cursor = state.cursor;
    if (!cursor || state.loadingMore) return;
    const mine = generation.current;
    setState((s) => ({ ...s, loadingMore: true }));
    client
      .records(object.apiName)
      .list({ ...query, limit: query.limit ?? 50, cursor })
      .then((page) => {
        if (mine !== generation.current) return;
        setState((s) => ({ ...s, rows: [...s.rows, ...(page.data as Row[])], hasMore: page.hasMore, cursor: page.nextCursor, loadingMore: false }));
      })
      .catch((error: unknown) => mine === generation.current && setState((s) => ({ ...s, loadingMore: false, error })));
  }, [state.cursor, state.loadingMore, client, key]);

  const replace = useCallback((record: Row) => setState((s) => ({ ...s, rows: s.rows.map((r) => (r.id === record.id ? mergeExpanded(r, record) : r)) })), []);
  const remove = useCallback(
    (ids: string[]) =>
      setState((s) => ({
        ...s,
        rows: s.rows.filter((r) => !ids.includes(r.id)),
        totalCount: s.totalCount === undefined ? undefined : s.totalCount - ids.length,
      })),
    [],
  );
  const reload = useCallback(() => setReloads((n) => n + 1), []);

  return {
    rows: state.rows,
    totalCount: state.totalCount,
    hasMore: state.hasMore,
    loading: state.loading,
    loadingMore: state.loadingMore,
    error: state.error,
    loadMore,
    reload,
    replace,
    remove,
  };
}

/**
 * A fresh record (lookups as ids) merged over a listed one (lookups expanded to records): an
 * expanded lookup that still points at the same record keeps its expansion, for its name.
 */
export function mergeExpanded(listed: Row, fresh: Row): Row {
  const merged: Row = { ...listed, ...fresh };
  for (const [key, before] of Object.entries(listed)) {
    const after = fresh[key];
    if (before && typeof before === 'object' && !Array.isArray(before) && typeof after === 'string' && (before as { id?: unknown }).id === after)
      merged[key] = before;
  }
  return merged;
}
