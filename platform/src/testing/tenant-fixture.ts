import type { MetadataOperation } from '@atrium/metadata';
import { sql } from 'kysely';
import { applyMetadataChange, type MetadataChangeResult } from '../applier/apply-metadata-change.ts';
import type { Database } from '../database/database.ts';
import { loadBundle } from '../metadata/metadata-store.ts';
import type { Tenant } from '../tenants/tenant.ts';
import { createTenant, findTenant } from '../tenants/tenant-service.ts';
import { uniqueTenantKey } from './test-database.ts';

/** A scratch tenant for a test, with shortcuts for metadata changes and checks. */
export class TenantFixture {
  private constructor(
    readonly database: Database,
    readonly key: string,
    readonly tenant: Tenant,
  ) {}

  static async create(database: Database, prefix = 't'): Promise<TenantFixture> {
    const key = uniqueTenantKey(prefix);
    const tenant = await createTenant(database.db, { key });
    return new TenantFixture(database, key, tenant);
  }

  get schema(): string {
    return this.tenant.schemaName;
  }

  async version(): Promise<number> {
    return (await findTenant(this.database.db, this.key)).metadataVersion;
  }

  /** Applies operations based on the current version (or the one given). */
  async change(operations: MetadataOperation[], options: { dryRun?: boolean; baseVersion?: number } = {}): Promise<MetadataChangeResult> {
    const baseVersion = options.baseVersion ?? (await this.version());
    return applyMetadataChange(this.database.db, this.key, { baseVersion, operations, ...(options.dryRun ? { dryRun: true } : {}) }, 'test');
  }

  async bundle() {
    return loadBundle(this.database.db, this.tenant.id);
  }

  async object(apiName: string) {
    const object = (await this.bundle()).objects.find((o) => o.apiName === apiName);
    if (!object) throw new Error(`no object ${apiName}`);
    return object;
  }

  /** The DDL of a plan with this tenant's schema name replaced by `t_tenant`, for golden snapshots. */
  normalize(ddl: string[]): string {
    return `${ddl.map((s) => s.replaceAll(`"${this.schema}"`, '"t_tenant"')).join(';\n\n')};\n`;
  }

  async relfilenode(table: string): Promise<number> {
    const { rows } = await sql<{ relfilenode: number }>`
      select c.relfilenode from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = ${this.schema} and c.relname = ${table}`.execute(
      this.database.db,
    );
    return Number(rows[0]?.relfilenode);
  }

  async columns(table: string): Promise<Record<string, string>> {
    const { rows } = await sql<{ column_name: string; data_type: string }>`
      select a.attname as column_name, format_type(a.atttypid, a.atttypmod) as data_type
        from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = ${this.schema} and c.relname = ${table} and a.attnum > 0 and not a.attisdropped
       order by a.attnum`.execute(this.database.db);
    return Object.fromEntries(rows.map((r) => [r.column_name, r.data_type]));
  }

  async query<T>(text: string, values: unknown[] = []): Promise<T[]> {
    const result = await this.database.pool.query(text, values);
    return result.rows as T[];
  }
}
