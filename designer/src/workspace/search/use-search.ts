import { useEffect, useState } from 'react';
import { useMetadataIndex } from '../../app/metadata/metadata-context.tsx';
import { useAccess } from '../../app/permissions/access-context.tsx';
import { useApi } from '../../app/session/session-context.tsx';
import { type SearchHits, searchableObjects, searchHits, searchQuery } from './search-query.ts';

/** Searches every object the user may read by name (GraphQL); debounced, newest answer wins. */
export function useSearch(text: string, first: number, delay = 250): { hits: SearchHits[] | null; loading: boolean; error: unknown } {
  const client = useApi();
  const index = useMetadataIndex();
  const access = useAccess();
  const [state, setState] = useState<{ hits: SearchHits[] | null; loading: boolean; error: unknown }>({ hits: null, loading: false, error: null });
  const query = text.trim();

  useEffect(() => {
    if (query.length < 2) {
      setState({ hits: null, loading: false, error: null });
      return;
    }
    const objects = searchableObjects(index.objects, (o) => access.object(o).read && access.canReadField(o, o.nameField));
    if (objects.length === 0) {
      setState({ hits: [], loading: false, error: null });
      return;
    }
    let cancelled = false;
    setState((s) => ({ ...s, loading: true }));
    const timer = setTimeout(() => {
      client
        .graphql<Record<string, { totalCount: number; nodes: Array<Record<string, unknown>> }>>(searchQuery(objects, first), { q: query }, 'GlobalSearch')
        .then((data) => !cancelled && setState({ hits: searchHits(objects, data), loading: false, error: null }))
        .catch((error: unknown) => !cancelled && setState({ hits: null, loading: false, error }));
    }, delay);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [query, first, delay, client, index, access]);

  return state;
}
