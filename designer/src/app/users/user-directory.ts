import { useEffect, useMemo, useState } from 'react';
import { useApi } from '../session/session-context.tsx';

/** Someone of the tenant, as its directory (`/api/v1/users`) shows them. */
export interface DirectoryUser {
  id: string;
  displayName: string;
  /** Null for an API key (records it created are owned by it). */
  email: string | null;
  kind: 'user' | 'apiKey';
  /** False for a deactivated member or a revoked key. */
  active: boolean;
}

/** What the pickers ask: a search among active members, and names of given ids. */
export interface UserDirectory {
  search(text: string): Promise<DirectoryUser[]>;
  lookup(ids: readonly string[]): Promise<DirectoryUser[]>;
}

type Request = <T>(method: 'GET', path: string) => Promise<T>;

/** The tenant directory over a request function (the session's client). */
export function userDirectory(request: Request): UserDirectory {
  return {
    search: async (text) => {
      const query = new URLSearchParams({ limit: '20' });
      if (text.trim()) query.set('search', text.trim());
      return (await request<{ data: DirectoryUser[] }>('GET', `/api/v1/users?${query}`)).data;
    },
    lookup: async (ids) => {
      if (ids.length === 0) return [];
      return (await request<{ data: DirectoryUser[] }>('GET', `/api/v1/users?ids=${ids.map(encodeURIComponent).join(',')}`)).data;
    },
  };
}

/** The directory of the signed-in session's tenant. */
export function useUserDirectory(): UserDirectory {
  const client = useApi();
  return useMemo(() => userDirectory((method, path) => client.request(method, path)), [client]);
}

/**
 * Names of users (and API keys) by id, looked up once per id in one request; ids the directory
 * does not know (someone removed from the tenant) stay absent.
 */
export function useUserNames(ids: ReadonlyArray<string | null | undefined>): Map<string, DirectoryUser> {
  const directory = useUserDirectory();
  const [known, setKnown] = useState<Map<string, DirectoryUser>>(() => new Map());
  const wanted = [...new Set(ids.filter((id): id is string => typeof id === 'string' && id.length > 0))].sort();
  const key = wanted.join(',');
  useEffect(() => {
    const missing = key ? key.split(',').filter((id) => !known.has(id)) : [];
    if (missing.length === 0) return;
    let cancelled = false;
    directory
      .lookup(missing.slice(0, 200))
      .then((found) => {
        if (cancelled) return;
        setKnown((current) => {
          const next = new Map(current);
          for (const user of found) next.set(user.id, user);
          return next;
        });
      })
      .catch(() => {});
    return () => {
      cancelled = true;
    };
    // `known` is read, not watched: a lookup answers each id once.
  }, [key, directory]);
  return known;
}
