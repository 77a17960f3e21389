import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { identityConfig, sessionIdleMs } from './identity-config.ts';
import { clearSessionCookie, secureCookie, sessionCookie, sessionSetCookie } from './session-cookie.ts';

describe('identityConfig', () => {
  it('has defaults: 10 failures in 15 minutes lock for 15 minutes; sessions of 7 days, 12 hours idle', () => {
    expect(identityConfig({}, {})).toEqual({
      rateLimits: { windowMs: 60_000, perCredential: 6000, perTenant: 30_000, signInPerEmail: 10, signInPerIp: 100 },
      lockout: { maxAttempts: 10, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
      sessionLifetimeMs: 7 * 24 * 3600_000,
      secureCookies: 'auto',
    });
    expect(sessionIdleMs({})).toBe(12 * 3600_000);
  });

  it('reads the environment, and options win over it', () => {
    const env = {
      ATRIUM_RATE_LIMIT_WINDOW_SECONDS: '10',
      ATRIUM_RATE_LIMIT_PER_CREDENTIAL: '0',
      ATRIUM_RATE_LIMIT_PER_TENANT: '500',
      ATRIUM_RATE_LIMIT_SIGN_IN: '3',
      ATRIUM_RATE_LIMIT_SIGN_IN_PER_IP: '30',
      ATRIUM_LOCKOUT_ATTEMPTS: '5',
      ATRIUM_LOCKOUT_WINDOW_MINUTES: '1',
      ATRIUM_LOCKOUT_MINUTES: '2',
      ATRIUM_SESSION_HOURS: '8',
      ATRIUM_SESSION_IDLE_MINUTES: '30',
      ATRIUM_INSECURE_COOKIES: '1',
    };
    expect(identityConfig({}, env)).toEqual({
      rateLimits: { windowMs: 10_000, perCredential: 0, perTenant: 500, signInPerEmail: 3, signInPerIp: 30 },
      lockout: { maxAttempts: 5, windowMs: 60_000, lockMs: 120_000 },
      sessionLifetimeMs: 8 * 3600_000,
      secureCookies: 'never',
    });
    expect(sessionIdleMs(env)).toBe(30 * 60_000);
    expect(identityConfig({ rateLimits: { perTenant: 7 }, secureCookies: 'always' }, env)).toMatchObject({
      rateLimits: { perTenant: 7, perCredential: 0 },
      secureCookies: 'always',
    });
    expect(() => identityConfig({}, { ATRIUM_RATE_LIMIT_PER_TENANT: 'lots' })).toThrow(/ATRIUM_RATE_LIMIT_PER_TENANT/);
  });
});

describe('the session cookie', () => {
  const request = (host: string, protocol: 'http' | 'https' = 'http') => ({ headers: { host }, protocol }) as unknown as FastifyRequest;

  it('is read from the Cookie header among others', () => {
    expect(sessionCookie('a=1; atrium_session=ats_x; b=2')).toBe('ats_x');
    expect(sessionCookie('atrium_session="ats_y"')).toBe('ats_y');
    expect(sessionCookie('xatrium_session=1; other=2')).toBeUndefined();
    expect(sessionCookie(undefined)).toBeUndefined();
  });

  it('is Secure except over plain http to a loopback host (auto), or as configured', () => {
    expect(secureCookie(request('localhost:3000'), 'auto')).toBe(false);
    expect(secureCookie(request('127.0.0.1:3000'), 'auto')).toBe(false);
    expect(secureCookie(request('[::1]:3000'), 'auto')).toBe(false);
    expect(secureCookie(request('crm.example.com'), 'auto')).toBe(true);
    expect(secureCookie(request('localhost:3000', 'https'), 'auto')).toBe(true);
    expect(secureCookie(request('crm.example.com'), 'never')).toBe(false);
    expect(secureCookie(request('localhost'), 'always')).toBe(true);
  });

  it('is set httpOnly and SameSite=Lax for the session, and cleared at sign-out', () => {
    expect(sessionSetCookie('ats_t', 3600, true)).toBe('atrium_session=ats_t; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax; Secure');
    expect(clearSessionCookie(false)).toBe('atrium_session=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax');
  });
});
