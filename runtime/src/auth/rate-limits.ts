import { AtriumError } from '@atrium/errors';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Authentication } from './authenticate.ts';
import type { RateLimits } from './identity-config.ts';
import { sessionCookie } from './session-cookie.ts';

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;
type LimitResult = Awaited<ReturnType<Limiter>>;

export interface RequestLimits {
  /**
   * `onRequest` hook: authenticates a request that carries a credential (errors are left to the
   * route, which authenticates again) and counts it against its credential's and its tenant's limits.
   */
  limitRequest(request: FastifyRequest, reply: FastifyReply): Promise<void>;
  /** Counts a sign-in attempt against the limits per client IP and email and per client IP. */
  limitSignIn(request: FastifyRequest, reply: FastifyReply, email: string): Promise<void>;
}

/** Most distinct keys each limiter remembers (least recently used first out). */
const KEYS_PER_LIMITER = 50_000;

/**
 * Rate limits on @fastify/rate-limit's counters (fixed windows, in process memory: with several
 * processes each counts its own requests; pass its Redis store to share counts). A limited
 * request gets 429 RATE_LIMITED with `Retry-After` (seconds).
 */
export async function registerRateLimits(app: FastifyInstance, limits: RateLimits, authentication: Authentication): Promise<RequestLimits> {
  await app.register(rateLimit, { global: false });
  const limiter = (max: number, key: (request: FastifyRequest) => string): Limiter | undefined =>
    max > 0
      ? app.createRateLimit({ max, timeWindow: limits.windowMs, keyGenerator: key, cache: KEYS_PER_LIMITER } as Parameters<
          FastifyInstance['createRateLimit']
        >[0])
      : undefined;
  const perCredential = limiter(limits.perCredential, (request) =>
    request.principal?.kind === 'user' ? `user:${request.principal.userId}` : `key:${request.principal?.keyId}`,
  );
  const perTenant = limiter(limits.perTenant, (request) => `tenant:${request.principal?.tenantId}`);
  const signInEmails = new WeakMap<FastifyRequest, string>();
  const perEmail = limiter(limits.signInPerEmail, (request) => `${request.ip}|${signInEmails.get(request) ?? ''}`);
  const perIp = limiter(limits.signInPerIp, (request) => request.ip);

  const count = async (which: Limiter | undefined, request: FastifyRequest, reply: FastifyReply, what: string, headers = false): Promise<void> => {
    if (!which) return;
    const result = await which(request);
    if (result.isAllowed) return;
    if (result.isExceeded) refuse(reply, result, what);
    if (headers) {
      reply.header('x-ratelimit-limit', result.max);
      reply.header('x-ratelimit-remaining', result.remaining);
      reply.header('x-ratelimit-reset', seconds(result));
    }
  };

  return {
    async limitRequest(request, reply) {
      if (!request.principal && (request.headers.authorization !== undefined || sessionCookie(request.headers.cookie) !== undefined)) {
        await authentication.authenticate(request).catch(() => {});
      }
      if (!request.principal) return;
      await count(perCredential, request, reply, 'this credential', true);
      await count(perTenant, request, reply, 'this tenant');
    },
    async limitSignIn(request, reply, email) {
      signInEmails.set(request, email);
      await count(perIp, request, reply, 'sign-ins from this address');
      await count(perEmail, request, reply, 'sign-ins with this email from this address');
    },
  };
}

function seconds(result: Extract<LimitResult, { isAllowed: false }>): number {
  return Math.max(1, result.ttlInSeconds);
}

function refuse(reply: FastifyReply, result: Extract<LimitResult, { isAllowed: false }>, what: string): never {
  const retryAfter = seconds(result);
  reply.header('retry-after', retryAfter);
  reply.header('x-ratelimit-limit', result.max);
  reply.header('x-ratelimit-remaining', 0);
  reply.header('x-ratelimit-reset', retryAfter);
  throw new AtriumError(
    'RATE_LIMITED',
    `too many requests for ${what} (at most ${result.max} per ${Math.round(result.timeWindow / 1000)} s); try again in ${retryAfter} s`,
  );
}
