import { describe, expect, it } from 'vitest';
import { AtriumApiError } from './api-error.ts';
import { AtriumClient } from './atrium-client.ts';

function recorder(status = 200, body: unknown = { ok: true }) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as unknown as typeof globalThis.fetch;
  return { calls, fetch };
}

describe('the client in a browser session', () => {
  it('sends the session cookie and the CSRF token on unsafe requests only', async () => {
    let token = 'first';
    const { calls, fetch } = recorder();
    const client = new AtriumClient({ baseUrl: '', fetch, credentials: 'same-origin', csrfToken: () => token });
    await client.records('account').list({ limit: 1 });
    await client.records('account').create({ name: 'A' });
    token = 'second';
    await client.request('PUT', '/api/v1/admin/permission-sets/x', {});
    const headers = calls.map((c) => (c.init.headers as Record<string, string>)['x-csrf-token']);
    expect(headers).toEqual([undefined, 'first', 'second']);
    expect(calls.every((c) => c.init.credentials === 'same-origin')).toBe(true);
    expect(calls[0]?.url).toBe('/api/v1/data/account?limit=1');
  });

  it('keeps API keys as they were: a bearer token, no CSRF header, no credentials option', async () => {
    const { calls, fetch } = recorder();
    await new AtriumClient({ baseUrl: 'http://x/', apiKey: 'atr_k', fetch }).records('account').create({ name: 'A' });
    const headers = calls[0]?.init.headers as Record<string, string>;
    expect(headers.authorization).toBe('Bearer atr_k');
    expect(headers['x-csrf-token']).toBeUndefined();
    expect(calls[0]?.init.credentials).toBeUndefined();
    expect(calls[0]?.url).toBe('http://x/api/v1/data/account');
  });

  it('turns a non-JSON error page into an AtriumApiError with the status', async () => {
    const fetch = (async () => new Response('<html>Bad gateway</html>', { status: 502 })) as unknown as typeof globalThis.fetch;
    const error = await new AtriumClient({ baseUrl: '', fetch }).request('GET', '/api/v1/auth/me').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AtriumApiError);
    expect((error as AtriumApiError).status).toBe(502);
  });
});
