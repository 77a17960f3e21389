import { AtriumError } from '@atrium/errors';
import {
  AccountLockedError,
  changePassword,
  createSession,
  findTenant,
  hashSessionToken,
  isSessionTokenShape,
  listMemberships,
  type Membership,
  passwordProblem,
  purgeSessions,
  recordAudit,
  revokeSession,
  setPassword,
  switchTenant,
  verifyPassword,
} from '@atrium/platform';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type PermissionSummary, permissionSummary } from '../../access/permission-summary.ts';
import { toSessionCredential } from '../../auth/credential-cache.ts';
import { checkCsrf } from '../../auth/csrf.ts';
import { type IdentityConfig, type IdentityOptions, identityConfig, sessionIdleMs } from '../../auth/identity-config.ts';
import type { Principal, UserPrincipal } from '../../auth/principal.ts';
import { registerRateLimits } from '../../auth/rate-limits.ts';
import { clearSessionCookie, secureCookie, sessionCookie, sessionSetCookie } from '../../auth/session-cookie.ts';
import type { ServerOptions } from '../build-server.ts';
import type { ApiServices } from '../request-context.ts';

declare module '../build-server.ts' {
  interface ServerOptions {
    /** Rate limits, lock-out, session lifetime and cookie settings; unset ones come from the environment (docs/security.md). */
    identity?: IdentityOptions;
  }
}

type Body = Record<string, unknown>;

function objectBody(body: unknown): Body {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new AtriumError('BAD_REQUEST', 'the body is a JSON object');
  return body as Body;
}

function text(body: Body, name: string, required = true): string | undefined {
  const value = body[name];
  if (value === undefined || value === null || value === '') {
    if (!required) return undefined;
    throw new AtriumError('VALIDATION_FAILED', `"${name}" is required`, [{ path: `/${name}`, code: 'REQUIRED', message: `"${name}" is required` }]);
  }
  if (typeof value !== 'string')
    throw new AtriumError('VALIDATION_FAILED', `"${name}" is a string`, [{ path: `/${name}`, code: 'INVALID_TYPE', message: 'expected a string' }]);
  return value;
}

const tenantView = (m: Pick<Membership, 'tenantId' | 'tenantKey' | 'tenantName'>) => ({ id: m.tenantId, key: m.tenantKey, name: m.tenantName });
const membershipView = (m: Membership) => ({ tenant: m.tenantKey, name: m.tenantName, role: m.role });

/**
 * Sign-in, sign-out, password change, who-am-I and tenant switching under `/api/v1/auth`, plus
 * the rate limits every request passes (per credential, per tenant) and those of sign-in (per
 * IP and email). Browser sessions live in an httpOnly `atrium_session` cookie; unsafe requests
 * made with it carry the session's CSRF token (see `authenticate`).
 */
export async function registerAuthRoutes(
  app: FastifyInstance,
  services: ApiServices,
  options: Pick<ServerOptions, 'credentials' | 'identity'>,
): Promise<IdentityConfig> {
  const config = identityConfig(options.identity);
  const { db } = services.database;
  const cache = options.credentials;
  const idleMs = sessionIdleMs();
  const limits = await registerRateLimits(app, config.rateLimits, services.authentication);
  app.addHook('onRequest', limits.limitRequest);

  let lastPurge = 0;
  const purgeNow = (request: FastifyRequest) => {
    if (Date.now() - lastPurge < 3600_000) return;
    lastPurge = Date.now();
    purgeSessions(db, { idleMs }).catch((error: Error) => request.log.warn({ err: error }, 'purging ended sessions failed'));
  };

  /** The signed-in user of a request: a session, not an API key. */
  const userOf = async (request: FastifyRequest): Promise<UserPrincipal> => {
    const principal = await services.authentication.authenticate(request);
    if (principal.kind !== 'user') throw new AtriumError('FORBIDDEN', 'this needs a signed-in user (a browser session), not an API key');
    return principal;
  };

  /**
   * What the caller may do (docs/security.md, "What you may do"): from the access profile the
   * query compiler uses, cached per principal. A tenant that cannot be served right now leaves it
   * out rather than failing the answer (the web app then learns from the API's refusals).
   */
  const permissionsOf = async (request: FastifyRequest, principal: Principal): Promise<{ permissions?: PermissionSummary }> => {
    try {
      const runtime = await services.registry.get(principal.tenantKey, principal.tenantId);
      return { permissions: permissionSummary(await services.registry.access(principal, runtime.model.schema), runtime.model) };
    } catch (error) {
      request.log.warn({ err: error }, 'no permission summary: the tenant could not be loaded');
      return {};
    }
  };

  const answer = async (request: FastifyRequest, reply: FastifyReply, principal: UserPrincipal, csrfToken: string) => {
    const memberships = await listMemberships(db, principal.userId);
    const active = memberships.find((m) => m.tenantId === principal.tenantId);
    if (!active) throw new AtriumError('UNAUTHENTICATED', 'the session is over; sign in again');
    reply.header('cache-control', 'no-store');
    return {
      tenant: tenantView(active),
      role: active.role,
      memberships: memberships.map(membershipView),
      csrfToken,
      ...(await permissionsOf(request, principal)),
    };
  };

  /** Sign-ins, and failed ones naming an existing tenant, go to that tenant's audit trail. */
  const auditSignIn = async (
    ip: string,
    tenantKey: string | undefined,
    userId: string | null,
    event: 'auth.signIn' | 'auth.signInFailed',
    details: Record<string, unknown>,
  ) => {
    if (!tenantKey) return;
    const target = await findTenant(db, tenantKey).catch(() => undefined);
    if (!target) return;
    await recordAudit(db, target.schemaName, {
      event,
      actorId: userId,
      credential: (details.credential as string | undefined) ?? null,
      details: { email: details.email, ...(details.reason ? { reason: details.reason } : {}), ip },
    });
  };

  app.post('/api/v1/auth/sign-in', async (request, reply) => {
    const body = objectBody(request.body);
    const email = (text(body, 'email') as string).trim().toLowerCase();
    const password = text(body, 'password') as string;
    const tenant = text(body, 'tenant', false);
    const newPassword = text(body, 'newPassword', false);
    await limits.limitSignIn(request, reply, email);
    const check = await verifyPassword(db, email, password, { lockout: config.lockout });
    if (check.status === 'locked') {
      await auditSignIn(request.ip, tenant, null, 'auth.signInFailed', { email, reason: 'locked' });
      reply.header('retry-after', check.retryAfterSeconds);
      throw new AccountLockedError(check);
    }
    if (check.status === 'invalid') await auditSignIn(request.ip, tenant, null, 'auth.signInFailed', { email, reason: 'invalid' });
    if (check.status === 'invalid') throw new AtriumError('UNAUTHENTICATED', 'the email or the password is not right');
    const memberships = await listMemberships(db, check.user.id);
    let tenantKey = tenant;
    if (tenantKey === undefined) {
      if (memberships.length === 0) throw new AtriumError('FORBIDDEN', 'you are not a member of any tenant yet; ask an administrator');
      if (memberships.length > 1) {
        const keys = memberships.map((m) => m.tenantKey).join(', ');
        throw new AtriumError('VALIDATION_FAILED', `you belong to several tenants; choose one in "tenant": ${keys}`, [
          { path: '/tenant', code: 'REQUIRED', message: `one of ${keys}` },
        ]);
      }
      tenantKey = memberships[0]?.tenantKey as string;
    }
    // A password an admin chose (a new user's first, a reset) is replaced before any session
    // starts: the answer asks for `newPassword`, and the same request with it signs in.
    if (check.user.mustChangePassword && newPassword === undefined) {
      await auditSignIn(request.ip, tenantKey, check.user.id, 'auth.signInFailed', { email, reason: 'passwordChangeRequired' });
      throw new AtriumError('PASSWORD_CHANGE_REQUIRED', 'your password was set by an administrator: choose a new one (send it as "newPassword")', [
        { path: '/newPassword', code: 'REQUIRED', message: 'choose a new password' },
      ]);
    }
    if (newPassword !== undefined) {
      const problem = passwordProblem(newPassword);
      if (problem)
        throw new AtriumError('VALIDATION_FAILED', `the new password is not acceptable: ${problem}`, [
          { path: '/newPassword', code: 'WEAK_PASSWORD', message: problem },
        ]);
      if (newPassword === password)
        throw new AtriumError('VALIDATION_FAILED', 'the new password is the current one', [
          { path: '/newPassword', code: 'SAME_PASSWORD', message: 'choose a different password' },
        ]);
      await setPassword(db, check.user.id, newPassword, { path: '/newPassword' });
    }
    // A new sign-in in this browser ends the session it had.
    const previous = sessionCookie(request.headers.cookie);
    if (previous && isSessionTokenShape(previous)) {
      const id = hashSessionToken(previous).toString('hex');
      await revokeSession(db, id);
      cache.forgetSession(id);
    }
    const session = await createSession(db, check.user.id, tenantKey, { lifetimeMs: config.sessionLifetimeMs }).catch(async (error: unknown) => {
      // Not a member there, or an admin deactivated the membership: the same answer either way.
      await auditSignIn(request.ip, tenantKey, check.user.id, 'auth.signInFailed', { email, reason: 'notMember' });
      throw error;
    });
    await auditSignIn(request.ip, tenantKey, check.user.id, 'auth.signIn', { email, credential: `session:${session.sessionId}` });
    reply.header('set-cookie', sessionSetCookie(session.token, config.sessionLifetimeMs / 1000, secureCookie(request, config.secureCookies)));
    purgeNow(request);
    const user = { id: check.user.id, email: check.user.email, displayName: check.user.displayName };
    return { user, ...(await answer(request, reply, toSessionCredential(session).principal, session.csrfToken)), expiresAt: session.expiresAt };
  });

  app.post('/api/v1/auth/sign-out', async (request, reply) => {
    const token = request.headers.authorization === undefined ? sessionCookie(request.headers.cookie) : undefined;
    const session = token ? await cache.resolveSession(token) : undefined;
    if (session) {
      checkCsrf(request, session.csrfToken);
      await revokeSession(db, session.principal.sessionId);
      cache.forgetSession(session.principal.sessionId);
    }
    reply.header('set-cookie', clearSessionCookie(secureCookie(request, config.secureCookies)));
    return reply.status(204).send();
  });

  app.get('/api/v1/auth/me', async (request, reply) => {
    const principal = await services.authentication.authenticate(request);
    if (principal.kind === 'apiKey') {
      const tenant = await findTenant(db, principal.tenantKey);
      reply.header('cache-control', 'no-store');
      return {
        kind: 'apiKey',
        apiKey: { id: principal.keyId, role: principal.role },
        tenant: { id: tenant.id, key: tenant.key, name: tenant.name },
        role: principal.role,
        memberships: [],
        ...(await permissionsOf(request, principal)),
      };
    }
    const session = await cache.resolveSession(sessionCookie(request.headers.cookie) ?? '');
    if (!session) throw new AtriumError('UNAUTHENTICATED', 'the session is over; sign in again');
    const user = { id: principal.userId, email: principal.email, displayName: (await displayName(principal)) ?? principal.email };
    return { kind: 'user', user, ...(await answer(request, reply, principal, session.csrfToken)) };
  });

  const displayName = async (principal: UserPrincipal) =>
    (await db.selectFrom('atrium.user').select('display_name').where('id', '=', principal.userId).executeTakeFirst())?.display_name;

  app.post('/api/v1/auth/password', async (request, reply) => {
    const principal = await userOf(request);
    const body = objectBody(request.body);
    const current = text(body, 'current') as string;
    const next = text(body, 'next') as string;
    try {
      await changePassword(db, principal.userId, current, next, { lockout: config.lockout, sessionId: principal.sessionId });
    } catch (error) {
      if (error instanceof AccountLockedError) reply.header('retry-after', error.retryAfterSeconds);
      throw error;
    }
    return reply.status(204).send();
  });

  app.post('/api/v1/auth/tenant', async (request, reply) => {
    const principal = await userOf(request);
    const tenant = text(objectBody(request.body), 'tenant') as string;
    const switched = await switchTenant(db, principal.sessionId, tenant, { idleMs });
    cache.forgetSession(principal.sessionId);
    const user = { id: switched.userId, email: switched.email, displayName: switched.displayName };
    return { user, ...(await answer(request, reply, toSessionCredential(switched).principal, switched.csrfToken)) };
  });

  return config;
}
