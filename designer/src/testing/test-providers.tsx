import type { MetadataBundle } from '@atrium/metadata';
import { App as AntApp } from 'antd';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router-dom';
import { I18nProvider, type Locale } from '../app/i18n/i18n-context.tsx';
import { MetadataProvider, useMetadata } from '../app/metadata/metadata-context.tsx';
import { AccessProvider } from '../app/permissions/access-context.tsx';
import { SessionProvider, useSession } from '../app/session/session-context.tsx';
import type { Me } from '../app/session/session-types.ts';

export type Route = (method: string, path: string, body: unknown) => unknown;

/** A fetch that answers the app's requests from a function (404 when it returns undefined). */
export function fakeFetch(
  bundle: MetadataBundle,
  me: Me,
  route: Route = () => undefined,
): typeof fetch & { calls: Array<{ method: string; path: string; body: unknown }> } {
  const calls: Array<{ method: string; path: string; body: unknown }> = [];
  const impl = async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = typeof input === 'string' ? input : input instanceof URL ? `${input.pathname}${input.search}` : input.url;
    const method = init?.method ?? 'GET';
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ method, path, body });
    let answer: unknown;
    if (path === '/api/v1/auth/me') answer = me;
    else if (path === '/api/v1/meta') answer = { version: 1, bundle };
    else answer = route(method, path, body);
    if (answer instanceof Response) return answer;
    if (answer === undefined) return new Response(JSON.stringify({ code: 'NOT_FOUND', detail: `no fake for ${method} ${path}` }), { status: 404 });
    return new Response(JSON.stringify(answer), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  return Object.assign(impl as typeof fetch, { calls });
}

export const ADMIN: Me = {
  kind: 'user',
  user: { id: '00000000-0000-7000-8000-000000000001', email: 'admin@example.com', displayName: 'Ada Admin' },
  tenant: { id: 't1', key: 'acme', name: 'Acme' },
  role: 'admin',
  memberships: [{ tenant: 'acme', name: 'Acme', role: 'admin' }],
  csrfToken: 'csrf-test',
};

function Ready({ children }: { children: ReactNode }) {
  const session = useSession();
  const metadata = useMetadata();
  if (session.status !== 'signedIn' || !metadata.index) return <div>loading test providers</div>;
  return <AccessProvider>{children}</AccessProvider>;
}

/** The app's providers around a component under test: a signed-in session, the bundle, a router. */
/** `bundle` and `me` document what `fetch` answers (see fakeFetch); the providers ask it. */
export function TestProviders({
  bundle: _bundle,
  me: _me,
  fetch,
  locale = 'en',
  path = '/',
  children,
}: {
  bundle: MetadataBundle;
  me?: Me;
  fetch: typeof globalThis.fetch;
  locale?: Locale;
  path?: string;
  children: ReactNode;
}) {
  return (
    <I18nProvider locale={locale}>
      <AntApp>
        <SessionProvider fetch={fetch}>
          <MetadataProvider>
            <MemoryRouter initialEntries={[path]}>
              <Ready>{children}</Ready>
            </MemoryRouter>
          </MetadataProvider>
        </SessionProvider>
      </AntApp>
    </I18nProvider>
  );
}
