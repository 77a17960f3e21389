import { DEFAULT_LOCKOUT, DEFAULT_SESSION_IDLE_MS, DEFAULT_SESSION_LIFETIME_MS, type LockoutPolicy } from '@atrium/platform';

/** Requests allowed per window; 0 means unlimited. */
export interface RateLimits {
  windowMs: number;
  /** Per API key, or per signed-in user (all their sessions). */
  perCredential: number;
  /** Per tenant, all its credentials together. */
  perTenant: number;
  /** Sign-in attempts per client IP and email. */
  signInPerEmail: number;
  /** Sign-in attempts per client IP, whatever the email. */
  signInPerIp: number;
}

/** When the session cookie carries `Secure`: always, never, or unless the request came over plain http to a loopback host. */
export type SecureCookies = 'auto' | 'always' | 'never';

export interface IdentityConfig {
  rateLimits: RateLimits;
  lockout: LockoutPolicy;
  /** A session's absolute lifetime. */
  sessionLifetimeMs: number;
  secureCookies: SecureCookies;
}

/** Overrides of the configuration (tests and benchmarks); whatever is left out comes from the environment. */
export interface IdentityOptions {
  rateLimits?: Partial<RateLimits>;
  lockout?: Partial<LockoutPolicy>;
  sessionLifetimeMs?: number;
  secureCookies?: SecureCookies;
}

type Env = Record<string, string | undefined>;

/** A non-negative number from the environment, or the default; a bad value is an error at start, not a silent default. */
function envNumber(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number ≥ 0, not "${raw}"`);
  return value;
}

/** How long a session may sit unused (ATRIUM_SESSION_IDLE_MINUTES, default 12 hours). */
export function sessionIdleMs(env: Env = process.env): number {
  return envNumber(env, 'ATRIUM_SESSION_IDLE_MINUTES', DEFAULT_SESSION_IDLE_MS / 60_000) * 60_000;
}

/**
 * The identity configuration: `options`, else the environment, else the defaults.
 *
 * | variable                            | default | what                                               |
 * | ----------------------------------- | ------- | -------------------------------------------------- |
 * | ATRIUM_RATE_LIMIT_WINDOW_SECONDS    | 60      | the window of every rate limit                     |
 * | ATRIUM_RATE_LIMIT_PER_CREDENTIAL    | 6000    | requests per window per API key or user (0 = off)  |
 * | ATRIUM_RATE_LIMIT_PER_TENANT        | 30000   | requests per window per tenant (0 = off)           |
 * | ATRIUM_RATE_LIMIT_SIGN_IN           | 10      | sign-ins per window per IP and email (0 = off)     |
 * | ATRIUM_RATE_LIMIT_SIGN_IN_PER_IP    | 100     | sign-ins per window per IP (0 = off)               |
 * | ATRIUM_LOCKOUT_ATTEMPTS             | 10      | failed sign-ins that lock an account (0 = off)     |
 * | ATRIUM_LOCKOUT_WINDOW_MINUTES       | 15      | within this time                                   |
 * | ATRIUM_LOCKOUT_MINUTES              | 15      | for this long                                      |
 * | ATRIUM_SESSION_HOURS                | 168     | a session's absolute lifetime                      |
 * | ATRIUM_SESSION_IDLE_MINUTES         | 720     | a session unused this long ends                    |
 * | ATRIUM_INSECURE_COOKIES             | unset   | `1`: never mark the cookie `Secure`                |
 */
export function identityConfig(options: IdentityOptions = {}, env: Env = process.env): IdentityConfig {
  const windowMs = envNumber(env, 'ATRIUM_RATE_LIMIT_WINDOW_SECONDS', 60) * 1000;
  return {
    rateLimits: {
      windowMs: Math.max(1, windowMs),
      perCredential: envNumber(env, 'ATRIUM_RATE_LIMIT_PER_CREDENTIAL', 6000),
      perTenant: envNumber(env, 'ATRIUM_RATE_LIMIT_PER_TENANT', 30_000),
      signInPerEmail: envNumber(env, 'ATRIUM_RATE_LIMIT_SIGN_IN', 10),
      signInPerIp: envNumber(env, 'ATRIUM_RATE_LIMIT_SIGN_IN_PER_IP', 100),
      ...options.rateLimits,
    },
    lockout: {
      maxAttempts: envNumber(env, 'ATRIUM_LOCKOUT_ATTEMPTS', DEFAULT_LOCKOUT.maxAttempts),
      windowMs: envNumber(env, 'ATRIUM_LOCKOUT_WINDOW_MINUTES', DEFAULT_LOCKOUT.windowMs / 60_000) * 60_000,
      lockMs: envNumber(env, 'ATRIUM_LOCKOUT_MINUTES', DEFAULT_LOCKOUT.lockMs / 60_000) * 60_000,
      ...options.lockout,
    },
    sessionLifetimeMs: options.sessionLifetimeMs ?? envNumber(env, 'ATRIUM_SESSION_HOURS', DEFAULT_SESSION_LIFETIME_MS / 3600_000) * 3600_000,
    secureCookies: options.secureCookies ?? (env.ATRIUM_INSECURE_COOKIES === '1' ? 'never' : 'auto'),
  };
}
