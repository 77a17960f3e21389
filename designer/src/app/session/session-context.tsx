import { AtriumApiError, AtriumClient } from '@atrium/client';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { clearPrefetched, takePrefetched } from '../api/boot-prefetch.ts';
import type { Me, SignInInput } from './session-types.ts';

export type SessionStatus = 'loading' | 'signedOut' | 'signedIn' | 'error';

export interface Session {
  status: SessionStatus;
  me: Me | null;
  /** Set when the session ended on its own (expired, signed out elsewhere). */
  expired: boolean;
  error: unknown;
  /** The API client: session cookie + the session's CSRF token on unsafe requests. */
  client: AtriumClient;
  signIn(input: SignInInput): Promise<Me>;
  signOut(): Promise<void>;
  switchTenant(tenant: string): Promise<void>;
  refresh(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

const AUTH_PATHS = ['/api/v1/auth/sign-in', '/api/v1/auth/me'];

/** Remembers in this browser whether it is signed in (public/boot.js then prefetches the first screen's data). */
function rememberSignedIn(signedIn: boolean): void {
  try {
    if (signedIn) globalThis.localStorage?.setItem('atrium.signedIn', '1');
    else globalThis.localStorage?.removeItem('atrium.signedIn');
  } catch {
    // storage blocked: no prefetch next time
  }
}

/**
 * Holds who is signed in. The session itself is an httpOnly cookie the page never sees; the page
 * keeps only the CSRF token the server hands out with sign-in and `me`, and sends it on every
 * request that changes something. A 401 from any other request means the session ended.
 */
export function SessionProvider({ children, fetch: fetchImpl }: { children: ReactNode; fetch?: typeof fetch }) {
  const [state, setState] = useState<{ status: SessionStatus; me: Me | null; expired: boolean; error: unknown }>({
    status: 'loading',
    me: null,
    expired: false,
    error: null,
  });
  const csrf = useRef<string | undefined>(undefined);
  const signedIn = useRef(false);

  const client = useMemo(() => {
    const base = fetchImpl ?? globalThis.fetch.bind(globalThis);
    const watched: typeof fetch = async (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.pathname : input.url;
      const early = (init?.method ?? 'GET') === 'GET' ? takePrefetched(url) : undefined;
      const response = early ? await early : await base(input, init);
      if (response.status === 401 && signedIn.current && !AUTH_PATHS.some((p) => url.includes(p))) {
        signedIn.current = false;
        csrf.current = undefined;
        rememberSignedIn(false);
        setState({ status: 'signedOut', me: null, expired: true, error: null });
      }
      return response;
    };
    return new AtriumClient({ baseUrl: '', credentials: 'same-origin', csrfToken: () => csrf.current, fetch: watched });
  }, [fetchImpl]);

  const accept = useCallback((me: Me) => {
    csrf.current = me.csrfToken;
    signedIn.current = true;
    rememberSignedIn(true);
    setState({ status: 'signedIn', me, expired: false, error: null });
    return me;
  }, []);

  const refresh = useCallback(async () => {
    try {
      accept(await client.request<Me>('GET', '/api/v1/auth/me'));
    } catch (error) {
      signedIn.current = false;
      if (error instanceof AtriumApiError && (error.status === 401 || error.code === 'UNAUTHENTICATED')) {
        rememberSignedIn(false);
        setState((s) => ({ status: 'signedOut', me: null, expired: s.expired, error: null }));
      } else {
        setState({ status: 'error', me: null, expired: false, error });
      }
    }
  }, [client, accept]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const signIn = useCallback(
    async (input: SignInInput) => {
      const body = {
        email: input.email,
        password: input.password,
        ...(input.tenant ? { tenant: input.tenant } : {}),
        ...(input.newPassword ? { newPassword: input.newPassword } : {}),
      };
      clearPrefetched();
      const me = await client.request<Omit<Me, 'kind'>>('POST', '/api/v1/auth/sign-in', body);
      return accept({ kind: 'user', ...me });
    },
    [client, accept],
  );

  const signOut = useCallback(async () => {
    try {
      await client.request('POST', '/api/v1/auth/sign-out');
    } finally {
      signedIn.current = false;
      csrf.current = undefined;
      rememberSignedIn(false);
      clearPrefetched();
      setState({ status: 'signedOut', me: null, expired: false, error: null });
    }
  }, [client]);

  const switchTenant = useCallback(
    async (tenant: string) => {
      const me = await client.request<Omit<Me, 'kind'>>('POST', '/api/v1/auth/tenant', { tenant });
      accept({ kind: 'user', ...me });
    },
    [client, accept],
  );

  const value = useMemo<Session>(() => ({ ...state, client, signIn, signOut, switchTenant, refresh }), [state, client, signIn, signOut, switchTenant, refresh]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside <SessionProvider>');
  return value;
}

/** The API client of the signed-in session. */
export function useApi(): AtriumClient {
  return useSession().client;
}
