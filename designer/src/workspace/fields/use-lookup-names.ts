import type { ObjectDef } from '@atrium/metadata';
import { useEffect, useMemo, useState } from 'react';
import { useMetadataIndex } from '../../app/metadata/metadata-context.tsx';
import { useAccess } from '../../app/permissions/access-context.tsx';
import { useApi } from '../../app/session/session-context.tsx';
import { lookupId, recordName, valueKind } from './field-values.ts';

/**
 * Names of the records that lookup values point at, one request per target object
 * (`filter={"id":{"in":[...]}}&fields=id,<name>`), so a list can show "Acme Corp" rather than an
 * id without expanding whole records. `ready` turns true once every name asked for is known (or
 * could not be read), so a list can show its rows with their names at once.
 */
export function useLookupNames(
  object: ObjectDef,
  rows: ReadonlyArray<Record<string, unknown>>,
  fields: readonly string[],
): { names: Map<string, string>; ready: boolean } {
  const client = useApi();
  const index = useMetadataIndex();
  const access = useAccess();
  const [names, setNames] = useState<Map<string, string>>(() => new Map());
  const [pending, setPending] = useState(0);

  // Ids to resolve, by target object: only those of readable targets, not known yet.
  const wanted = useMemo(() => {
    const byTarget = new Map<ObjectDef, Set<string>>();
    for (const name of fields) {
      const field = index.field(object, name);
      const target = field && valueKind(field) === 'lookup' ? index.target(field) : undefined;
      if (!target || !access.object(target).read || !access.canReadField(target, target.nameField)) continue;
      for (const row of rows) {
        const id = lookupId(row[name]);
        if (!id || names.has(id) || (row[name] && typeof row[name] === 'object')) continue;
        const set = byTarget.get(target) ?? new Set<string>();
        set.add(id);
        byTarget.set(target, set);
      }
    }
    return byTarget;
  }, [object, rows, fields, index, access, names]);
  const key = [...wanted].map(([t, ids]) => `${t.apiName}:${[...ids].sort().join(',')}`).join('|');

  useEffect(() => {
    if (wanted.size === 0) return;
    let cancelled = false;
    setPending((n) => n + 1);
    Promise.all(
      [...wanted].map(async ([target, ids]) => {
        const list = [...ids];
        const found: Array<[string, string]> = [];
        for (let i = 0; i < list.length; i += 200) {
          const page = await client
            .records(target.apiName)
            .list({ filter: { id: { in: list.slice(i, i + 200) } }, fields: [target.nameField], limit: 200 })
            .catch(() => ({ data: [] as Array<Record<string, unknown>> }));
          for (const r of page.data as Array<Record<string, unknown>>) found.push([String(r.id), recordName(target, r)]);
        }
        // Unreadable ones (deleted, not shared) keep a short id rather than asking again.
        for (const id of list) if (!found.some(([f]) => f === id)) found.push([id, id.slice(0, 8)]);
        return found;
      }),
    ).then((results) => {
      if (cancelled) return;
      setNames((current) => {
        const next = new Map(current);
        for (const [id, name] of results.flat()) next.set(id, name);
        return next;
      });
      setPending((n) => n - 1);
    });
    return () => {
      cancelled = true;
      setPending((n) => n - 1);
    };
  }, [key, client]);

  return { names, ready: wanted.size === 0 && pending === 0 };
}
