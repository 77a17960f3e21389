import { createHash } from 'node:crypto';
import {
  type ApiKeyIdentity,
  type CredentialChange,
  type CredentialListener,
  type Database,
  findApiKeyByHash,
  findSessionByHash,
  isApiKeyTokenShape,
  isSessionTokenShape,
  listenForCredentialChanges,
  recordKeyUse,
  recordSessionUse,
  type SessionIdentity,
} from '@atrium/platform';
import { BoundedMap } from './bounded-map.ts';
import { sessionIdleMs } from './identity-config.ts';
import type { ApiKeyPrincipal, UserPrincipal } from './principal.ts';

export interface CredentialCacheOptions {
  db: Database['db'];
  /** Connection settings for the dedicated LISTEN connection are taken from the pool. */
  pool: Database['pool'];
  /** How long a resolved key is trusted without asking the database (revocations arrive by NOTIFY at once). */
  ttlMs?: number;
  /** How long an unknown token is remembered as unknown (blunts repeated guesses). */
  negativeTtlMs?: number;
  /** Most keys (and, separately, most unknown tokens) kept. */
  max?: number;
  /** How often collected last-used times are written. */
  flushMs?: number;
  /** A browser session unused this long ends (default: ATRIUM_SESSION_IDLE_MINUTES, else 12 hours). */
  sessionIdleMs?: number;
  log?: (line: string) => void;
}

/** A browser session as the cache holds it: the principal and the CSRF token its unsafe requests must carry. */
export interface SessionCredential {
  principal: UserPrincipal;
  csrfToken: string;
  /** When the session ends at the latest (ms since the epoch). */
  expiresAt: number;
}

export interface CredentialCacheStats {
  keys: number;
  sessions: number;
  unknown: number;
  hits: number;
  misses: number;
}

export interface CredentialCache {
  /** The principal a bearer token stands for, or undefined for a malformed, unknown or revoked token. */
  resolve(token: string): Promise<ApiKeyPrincipal | undefined>;
  /** The session a session cookie's token stands for, or undefined for a malformed, unknown, revoked, expired or idle one. */
  resolveSession(token: string): Promise<SessionCredential | undefined>;
  /** Drops a session from this process's cache at once (its NOTIFY reaches the other processes). */
  forgetSession(sessionId: string): void;
  /** Drops an API key (hex SHA-256 of its token) from this process's cache at once (its NOTIFY reaches the other processes). */
  forgetKey(tokenHash: string): void;
  /** Writes the last-used times of keys and sessions collected since the previous flush (one statement each); returns how many were written. */
  flushLastUsed(): Promise<number>;
  stats(): CredentialCacheStats;
  /** Stops listening, writes pending last-used times and forgets everything. */
  close(): Promise<void>;
}

/**
 * API-key and browser-session credentials checked in process: SHA-256(token) → principal, without
 * a database query on a hit (a session is kept at most until it ends, and dropped when idle). Misses ask the database once (concurrent misses share the query). A revoked or
 * deleted key leaves every process's cache when its NOTIFY arrives; while the LISTEN connection
 * is down nothing is served from the cache. Last-used times are collected and written every
 * `flushMs`, never per request.
 */
export async function createCredentialCache(options: CredentialCacheOptions): Promise<CredentialCache> {
  const { db, ttlMs = 60_000, negativeTtlMs = 5_000, max = 10_000, flushMs = 30_000, log } = options;
  const idleMs = options.sessionIdleMs ?? sessionIdleMs();
  const known = new BoundedMap<ApiKeyPrincipal>(max);
  const unknown = new BoundedMap<true>(max);
  const pending = new Map<string, Promise<ApiKeyPrincipal | undefined>>();
  const used = new Set<string>();
  // Sessions: keyed like keys by the token's SHA-256 (hex), which is also the session's id.
  const sessions = new BoundedMap<SessionCredential & { lastSeen: number }>(max);
  const pendingSessions = new Map<string, Promise<SessionCredential | undefined>>();
  const sessionsUsed = new Set<string>();
  let hits = 0;
  let misses = 0;
  let closed = false;
  // Bumped by every invalidation: a lookup that raced one is returned but not cached.
  let epoch = 0;

  const forget = (change: CredentialChange | undefined) => {
    epoch += 1;
    if (!change) {
      known.clear();
      unknown.clear();
      sessions.clear();
      return;
    }
    known.delete(change.tokenHash);
    pending.delete(change.tokenHash);
    sessions.delete(change.tokenHash);
    pendingSessions.delete(change.tokenHash);
  };
  const listener: CredentialListener = await listenForCredentialChanges({
    pool: options.pool,
    onChange: forget,
    onReset: () => forget(undefined),
    ...(log ? { log } : {}),
  });

  const lookup = async (hash: string): Promise<ApiKeyPrincipal | undefined> => {
    const started = epoch;
    const identity = await findApiKeyByHash(db, Buffer.from(hash, 'hex'));
    const principal = identity && !identity.revoked ? toPrincipal(identity) : undefined;
    if (epoch === started && listener.connected && !closed) {
      if (principal) known.set(hash, principal, ttlMs);
      // A revoked key stays revoked: remember it as long as a valid one.
      else unknown.set(hash, true, identity?.revoked ? ttlMs : negativeTtlMs);
    }
    return principal;
  };

  const lookupSession = async (hash: string): Promise<SessionCredential | undefined> => {
    const started = epoch;
    const identity = await findSessionByHash(db, Buffer.from(hash, 'hex'), { idleMs });
    const credential = identity ? toSessionCredential(identity) : undefined;
    if (epoch === started && listener.connected && !closed) {
      const now = Date.now();
      if (credential) sessions.set(hash, { ...credential, lastSeen: now }, Math.min(ttlMs, credential.expiresAt - now));
      else unknown.set(hash, true, negativeTtlMs);
    }
    return credential;
  };

  const flushLastUsed = async (): Promise<number> => {
    let written = 0;
    if (used.size > 0) {
      const ids = [...used];
      used.clear();
      try {
        written += await recordKeyUse(db, ids);
      } catch (error) {
        for (const id of ids) used.add(id);
        log?.(`recording API key use failed: ${(error as Error).message}`);
      }
    }
    if (sessionsUsed.size > 0) {
      const ids = [...sessionsUsed];
      sessionsUsed.clear();
      try {
        written += await recordSessionUse(db, ids);
      } catch (error) {
        for (const id of ids) sessionsUsed.add(id);
        log?.(`recording session use failed: ${(error as Error).message}`);
      }
    }
    return written;
  };
  const timer = setInterval(() => void flushLastUsed(), flushMs);
  timer.unref();

  return {
    async resolve(token) {
      if (closed || !isApiKeyTokenShape(token)) return undefined;
      const hash = createHash('sha256').update(token, 'utf8').digest('hex');
      let principal: ApiKeyPrincipal | undefined;
      const cached = listener.connected ? known.get(hash) : undefined;
      if (cached) {
        hits += 1;
        principal = cached.value;
      } else if (listener.connected && unknown.get(hash)) {
        hits += 1;
        return undefined;
      } else {
        misses += 1;
        let inFlight = pending.get(hash);
        if (!inFlight) {
          const started = lookup(hash).finally(() => {
            if (pending.get(hash) === started) pending.delete(hash);
          });
          inFlight = started;
          pending.set(hash, started);
        }
        principal = await inFlight;
      }
      if (principal) used.add(principal.keyId);
      return principal;
    },
    async resolveSession(token) {
      if (closed || !isSessionTokenShape(token)) return undefined;
      const hash = createHash('sha256').update(token, 'utf8').digest('hex');
      const now = Date.now();
      let credential: SessionCredential | undefined;
      const cached = listener.connected ? sessions.get(hash, now) : undefined;
      if (cached && now - cached.value.lastSeen <= idleMs) {
        hits += 1;
        cached.value.lastSeen = now;
        credential = cached.value;
      } else if (listener.connected && unknown.get(hash, now)) {
        hits += 1;
        return undefined;
      } else {
        misses += 1;
        if (cached) sessions.delete(hash);
        let inFlight = pendingSessions.get(hash);
        if (!inFlight) {
          const started = lookupSession(hash).finally(() => {
            if (pendingSessions.get(hash) === started) pendingSessions.delete(hash);
          });
          inFlight = started;
          pendingSessions.set(hash, started);
        }
        credential = await inFlight;
      }
      if (credential) sessionsUsed.add(hash);
      return credential;
    },
    forgetSession(sessionId) {
      epoch += 1;
      sessions.delete(sessionId);
      pendingSessions.delete(sessionId);
    },
    forgetKey(tokenHash) {
      epoch += 1;
      known.delete(tokenHash);
      pending.delete(tokenHash);
    },
    flushLastUsed,
    stats: () => ({ keys: known.size, sessions: sessions.size, unknown: unknown.size, hits, misses }),
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      await listener.close();
      await flushLastUsed();
      known.clear();
      unknown.clear();
      sessions.clear();
    },
  };
}

function toPrincipal(identity: ApiKeyIdentity): ApiKeyPrincipal {
  return Object.freeze({
    kind: 'apiKey',
    keyId: identity.keyId,
    userId: identity.keyId,
    tenantId: identity.tenantId,
    tenantKey: identity.tenantKey,
    schemaName: identity.schemaName,
    role: identity.role,
    credentialId: identity.keyId,
  });
}

/** What the cache keeps for a session: its principal, CSRF token and end. */
export function toSessionCredential(identity: SessionIdentity): SessionCredential {
  const principal: UserPrincipal = Object.freeze({
    kind: 'user',
    keyId: null,
    userId: identity.userId,
    email: identity.email,
    tenantId: identity.tenantId,
    tenantKey: identity.tenantKey,
    schemaName: identity.schemaName,
    role: identity.role,
    sessionId: identity.sessionId,
    credentialId: identity.sessionId,
  });
  return { principal, csrfToken: identity.csrfToken, expiresAt: new Date(identity.expiresAt).getTime() };
}
