import { ACCESS_CHANNEL, type Database, findTenant, liveView, loadBundle, METADATA_CHANNEL, requireServable } from '@atrium/platform';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { type AccessProfile, loadAccessProfile } from '../access/access-profile.ts';
import type { Principal } from '../auth/principal.ts';
import { TenantGraphql } from '../graphql/tenant-graphql.ts';
import { buildTenantModel, type TenantModel } from '../model/tenant-model.ts';

/** A profile is re-read at least this often, announcements aside. */
const PROFILE_TTL_MS = 30_000;

/** Everything a process serves for one tenant at one metadata version. */
export interface TenantRuntime {
  model: TenantModel;
  graphql: TenantGraphql;
  /** Derived documents built on first use (OpenAPI...), dropped with the runtime. */
  derived: Map<string, unknown>;
  builtAt: number;
}

export interface TenantRegistryOptions {
  database: Database;
  /** Tenants kept resident; the least recently used is dropped beyond it. */
  maxTenants?: number;
  log?: (line: string) => void;
}

/**
 * Per-process registry of tenant runtimes keyed by (tenant, metadata version) (DESIGN.md §6):
 * built on first use, single-flight, LRU-bounded, and invalidated by `LISTEN atrium_metadata`
 * so that a change made by any process is served on the next request without a restart.
 * Requests in flight keep the runtime they started with.
 */
export class TenantRegistry {
  private readonly entries = new Map<string, TenantRuntime>();
  private readonly building = new Map<string, Promise<TenantRuntime>>();
  /** Latest version announced per tenant, ahead of what is cached. */
  private readonly announced = new Map<string, number>();
  private listener: pg.Client | undefined;
  /** Access profiles by tenant and principal, dropped when the tenant's permissions change. */
  private readonly profiles = new Map<string, Map<string, { profile: Promise<AccessProfile>; at: number }>>();
  private closed = false;
  private readonly maxTenants: number;

  constructor(private readonly options: TenantRegistryOptions) {
    this.maxTenants = options.maxTenants ?? 500;
  }

  /** Starts listening for metadata changes (re-syncs every cached tenant after a reconnect). */
  async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.database.url, application_name: `atrium-listener:${process.pid}` });
    client.on('notification', (message) => {
      if (message.channel === ACCESS_CHANNEL && message.payload) {
        this.profiles.delete(message.payload);
        return;
      }
      if (message.channel !== METADATA_CHANNEL || !message.payload) return;
      try {
        const { tenantId, version } = JSON.parse(message.payload) as { tenantId: string; version: number };
        this.announce(tenantId, version);
      } catch {
        // Not ours.
      }
    });
    client.on('error', (error) => {
      this.options.log?.(`metadata listener lost its connection: ${error.message}; reconnecting`);
      this.listener = undefined;
      void this.reconnect();
    });
    await client.connect();
    await client.query(`listen ${METADATA_CHANNEL}`);
    await client.query(`listen ${ACCESS_CHANNEL}`);
    this.listener = client;
  }

  private async reconnect(): Promise<void> {
    for (let attempt = 0; !this.closed; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 200 * 2 ** attempt)));
      try {
        await this.listen();
        // Changes may have been missed while disconnected: drop what is stale.
        await this.resync();
        return;
      } catch {
        // Try again.
      }
    }
  }

  /** The caller's access profile (cached briefly; permission changes drop it at once via NOTIFY). */
  async access(principal: Principal, schema: string): Promise<AccessProfile> {
    let byPrincipal = this.profiles.get(principal.tenantId);
    if (!byPrincipal) {
      byPrincipal = new Map();
      this.profiles.set(principal.tenantId, byPrincipal);
    }
    const cached = byPrincipal.get(principal.userId);
    if (cached && Date.now() - cached.at < PROFILE_TTL_MS) return cached.profile;
    const profile = loadAccessProfile(this.options.database.db as unknown as Kysely<unknown>, schema, principal);
    byPrincipal.set(principal.userId, { profile, at: Date.now() });
    profile.catch(() => byPrincipal?.delete(principal.userId));
    if (byPrincipal.size > 10_000) byPrincipal.delete(byPrincipal.keys().next().value as string);
    return profile;
  }

  /** Drops the tenant's cached access profiles in this process at once (the NOTIFY on `atrium_access` reaches the others). */
  forgetAccess(tenantId: string): void {
    this.profiles.delete(tenantId);
  }

  private async resync(): Promise<void> {
    this.profiles.clear();
    for (const [tenantId, runtime] of this.entries) {
      const row = await this.options.database.db.selectFrom('atrium.tenant').select('metadata_version').where('id', '=', tenantId).executeTakeFirst();
      if (!row || row.metadata_version !== runtime.model.version) this.drop(tenantId);
    }
  }

  /** A newer version exists: the next request builds it. */
  announce(tenantId: string, version: number): void {
    this.announced.set(tenantId, Math.max(version, this.announced.get(tenantId) ?? 0));
    const current = this.entries.get(tenantId);
    if (current && current.model.version < version) this.drop(tenantId);
  }

  private drop(tenantId: string): void {
    const runtime = this.entries.get(tenantId);
    this.entries.delete(tenantId);
    // Let requests still using it finish before its mercurius instance closes.
    if (runtime) setTimeout(() => void runtime.graphql.close().catch(() => {}), 30_000).unref();
  }

  /** The tenant's runtime, built if needed (one build per tenant at a time). */
  async get(tenantKey: string, tenantId: string): Promise<TenantRuntime> {
    const cached = this.entries.get(tenantId);
    if (cached && cached.model.version >= (this.announced.get(tenantId) ?? 0)) {
      // LRU: most recently used last.
      this.entries.delete(tenantId);
      this.entries.set(tenantId, cached);
      return cached;
    }
    const pending = this.building.get(tenantId);
    if (pending) return pending;
    const build = this.build(tenantKey).finally(() => this.building.delete(tenantId));
    this.building.set(tenantId, build);
    return build;
  }

  /** Drops the tenant's runtime so the next request rebuilds it (after SQL met a set-aside column). */
  invalidate(tenantId: string): void {
    this.drop(tenantId);
  }

  private async build(tenantKey: string): Promise<TenantRuntime> {
    const { db } = this.options.database;
    const tenant = requireServable(await findTenant(db, tenantKey));
    const bundle = liveView(await loadBundle(db, tenant.id));
    const model = buildTenantModel(
      {
        tenantId: tenant.id,
        tenantKey: tenant.key,
        schema: tenant.schemaName,
        version: tenant.metadataVersion,
        timeZone: tenant.timeZone,
        weekStart: tenant.weekStart,
      },
      bundle,
    );
    const runtime: TenantRuntime = { model, graphql: await TenantGraphql.build(model), derived: new Map(), builtAt: Date.now() };
    this.entries.delete(tenant.id);
    this.entries.set(tenant.id, runtime);
    while (this.entries.size > this.maxTenants) {
      const oldest = this.entries.keys().next().value as string;
      this.drop(oldest);
    }
    return runtime;
  }

  get size(): number {
    return this.entries.size;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.listener?.end().catch(() => {});
    for (const runtime of this.entries.values()) await runtime.graphql.close().catch(() => {});
    this.entries.clear();
  }
}
