import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from 'antd';
import { describe, expect, it } from 'vitest';
import { ADMIN } from '../../testing/test-providers.tsx';
import { I18nProvider } from '../i18n/i18n-context.tsx';
import { SessionProvider, useSession } from './session-context.tsx';
import { SignInPage } from './sign-in-page.tsx';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function Screen() {
  const { status, me } = useSession();
  if (status === 'signedIn') return <div>signed in as {me?.user?.displayName}</div>;
  if (status === 'loading') return <div>loading</div>;
  return <SignInPage />;
}

describe('signing in with a password an administrator set', () => {
  it('asks for a new password, twice, and signs in with it', async () => {
    const posted: unknown[] = [];
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const path = typeof input === 'string' ? input : input instanceof URL ? input.pathname : input.url;
      if (path === '/api/v1/auth/me') return json(401, { code: 'UNAUTHENTICATED', detail: 'sign in' });
      const body = JSON.parse(String(init?.body)) as { newPassword?: string };
      posted.push(body);
      if (!body.newPassword)
        return json(403, {
          code: 'PASSWORD_CHANGE_REQUIRED',
          detail: 'your password was set by an administrator: choose a new one',
          errors: [{ path: '/newPassword', code: 'REQUIRED', message: 'choose a new password' }],
        });
      return json(200, ADMIN);
    }) as typeof globalThis.fetch;
    render(
      <I18nProvider locale="en">
        <App>
          <SessionProvider fetch={fetch}>
            <Screen />
          </SessionProvider>
        </App>
      </I18nProvider>,
    );
    fireEvent.change(await screen.findByLabelText('Email'), { target: { value: 'ada@example.com' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'temporary one' } });
    fireEvent.click(screen.getByText('Sign in').closest('button') as HTMLElement);
    expect(await screen.findByTestId('must-change-password')).toHaveTextContent('Your password was set by an administrator');
    fireEvent.change(screen.getByLabelText('New password'), { target: { value: 'my very own password' } });
    fireEvent.change(screen.getByLabelText('New password, again'), { target: { value: 'my very own passw0rd' } });
    fireEvent.click(screen.getByText('Set password and sign in').closest('button') as HTMLElement);
    expect(await screen.findByText('The two passwords differ.')).toBeInTheDocument();
    expect(posted).toHaveLength(1);
    fireEvent.change(screen.getByLabelText('New password, again'), { target: { value: 'my very own password' } });
    fireEvent.click(screen.getByText('Set password and sign in').closest('button') as HTMLElement);
    expect(await screen.findByText('signed in as Ada Admin')).toBeInTheDocument();
    await waitFor(() => expect(posted).toHaveLength(2));
    expect(posted[1]).toEqual({ email: 'ada@example.com', password: 'temporary one', newPassword: 'my very own password' });
  });
});
