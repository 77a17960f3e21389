import { createHash } from 'node:crypto';
import {
  type ApiKeyIdentity,
  type CredentialChange,
  type CredentialListener,
  type Database,
  findApiKeyByHash,
  isApiKeyTokenShape,
  listenForCredentialChanges,
  recordKeyUse,
} from '@atrium/platform';
import { BoundedMap } from './bounded-map.ts';
import type { Principal } from './principal.ts';

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
  log?: (line: string) => void;
}

export interface CredentialCacheStats {
  keys: number;
  unknown: number;
  hits: number;
  misses: number;
}

export interface CredentialCache {
  /** The principal a bearer token stands for, or undefined for a malformed, unknown or revoked token. */
  resolve(token: string): Promise<Principal | undefined>;
  /** Writes the last-used times collected since the previous flush (one statement); returns the keys written. */
  flushLastUsed(): Promise<number>;
  stats(): CredentialCacheStats;
  /** Stops listening, writes pending last-used times and forgets everything. */
  close(): Promise<void>;
}

/**
 * API-key credentials checked in process: SHA-256(token) → principal, without a database query
 * on a hit. Misses ask the database once (concurrent misses share the query). A revoked or
 * deleted key leaves every process's cache when its NOTIFY arrives; while the LISTEN connection
 * is down nothing is served from the cache. Last-used times are collected and written every
 * `flushMs`, never per request.
 */
export async function createCredentialCache(options: CredentialCacheOptions): Promise<CredentialCache> {
  const { db, ttlMs = 60_000, negativeTtlMs = 5_000, max = 10_000, flushMs = 30_000, log } = options;
  const known = new BoundedMap<Principal>(max);
  const unknown = new BoundedMap<true>(max);
  const pending = new Map<string, Promise<Principal | undefined>>();
  const used = new Set<string>();
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
      return;
    }
    known.delete(change.tokenHash);
    pending.delete(change.tokenHash);
  };
  const listener: CredentialListener = await listenForCredentialChanges({
    pool: options.pool,
    onChange: forget,
    onReset: () => forget(undefined),
    ...(log ? { log } : {}),
  });

  const lookup = async (hash: string): Promise<Principal | undefined> => {
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

  const flushLastUsed = async (): Promise<number> => {
    if (used.size === 0) return 0;
    const ids = [...used];
    used.clear();
    try {
      return await recordKeyUse(db, ids);
    } catch (error) {
      for (const id of ids) used.add(id);
      log?.(`recording API key use failed: ${(error as Error).message}`);
      return 0;
    }
  };
  const timer = setInterval(() => void flushLastUsed(), flushMs);
  timer.unref();

  return {
    async resolve(token) {
      if (closed || !isApiKeyTokenShape(token)) return undefined;
      const hash = createHash('sha256').update(token, 'utf8').digest('hex');
      let principal: Principal | undefined;
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
    flushLastUsed,
    stats: () => ({ keys: known.size, unknown: unknown.size, hits, misses }),
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      await listener.close();
      await flushLastUsed();
      known.clear();
      unknown.clear();
    },
  };
}

function toPrincipal(identity: ApiKeyIdentity): Principal {
  return Object.freeze({
    kind: 'apiKey',
    keyId: identity.keyId,
    userId: identity.keyId,
    tenantId: identity.tenantId,
    tenantKey: identity.tenantKey,
    schemaName: identity.schemaName,
    role: identity.role,
  });
}
