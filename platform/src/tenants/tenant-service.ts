import { AtriumError } from '@atrium/errors';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { PlatformTables, TenantTable } from '../database/platform-tables.ts';
import { newId } from '../ids/uuid-v7.ts';
import { TENANT_KEY_PATTERN, type Tenant, tenantSchemaName } from './tenant.ts';
import { TENANT_LAYOUT_VERSION, upgradeTenantLayout } from './tenant-layout.ts';

export function toTenant(row: Selectable<TenantTable>): Tenant {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    schemaName: row.schema_name,
    status: row.status,
    metadataVersion: row.metadata_version,
    schemaVersion: row.schema_version,
    timeZone: row.time_zone,
    weekStart: row.week_start,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

export interface CreateTenantInput {
  key: string;
  name?: string;
  timeZone?: string;
}

/** Creates a tenant and its schema (with the system tables) in one transaction. */
export async function createTenant(db: Kysely<PlatformTables>, input: CreateTenantInput): Promise<Tenant> {
  if (!TENANT_KEY_PATTERN.test(input.key)) {
    throw new AtriumError('VALIDATION_FAILED', `tenant key "${input.key}" must be 2 to 40 lower-case letters, digits or "_", starting with a letter`, [
      { path: '/key', code: 'INVALID_TENANT_KEY', message: 'use lower-case letters, digits and "_", starting with a letter (2 to 40 characters)' },
    ]);
  }
  return db.transaction().execute(async (tx) => {
    const alreadyExists = () =>
      new AtriumError('ALREADY_EXISTS', `tenant "${input.key}" exists already`, [
        { path: '/key', code: 'DUPLICATE_TENANT', message: `tenant "${input.key}" exists already` },
      ]);
    const existing = await tx.selectFrom('atrium.tenant').select('id').where('key', '=', input.key).executeTakeFirst();
    if (existing) throw alreadyExists();
    const schema = tenantSchemaName(input.key);
    const row = await tx
      .insertInto('atrium.tenant')
      .values({
        id: newId(),
        key: input.key,
        name: input.name ?? input.key,
        schema_name: schema,
        status: 'active',
        metadata_version: 0,
        schema_version: TENANT_LAYOUT_VERSION,
        time_zone: input.timeZone ?? 'UTC',
        week_start: 1,
      })
      // A concurrent create of the same key waits for the first to commit, then inserts nothing.
      .onConflict((oc) => oc.column('key').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) throw alreadyExists();
    await sql`create schema ${sql.id(schema)}`.execute(tx);
    await upgradeTenantLayout(tx, schema, 0);
    return toTenant(row);
  });
}

export async function listTenants(db: Kysely<PlatformTables>): Promise<Tenant[]> {
  const rows = await db.selectFrom('atrium.tenant').selectAll().where('status', '!=', 'deleted').orderBy('key').execute();
  return rows.map(toTenant);
}

export async function findTenant(db: Kysely<PlatformTables>, key: string): Promise<Tenant> {
  const row = await db.selectFrom('atrium.tenant').selectAll().where('key', '=', key).where('status', '!=', 'deleted').executeTakeFirst();
  if (!row) throw new AtriumError('TENANT_NOT_FOUND', `no tenant "${key}"`);
  return toTenant(row);
}

/**
 * Fail closed: a tenant whose schema layout is behind, or that is mid-migration, is not served.
 * Returns the tenant when it may be served.
 */
export function requireServable(tenant: Tenant): Tenant {
  if (tenant.status !== 'active' || tenant.schemaVersion !== TENANT_LAYOUT_VERSION) {
    throw new AtriumError(
      'TENANT_NOT_READY',
      `tenant "${tenant.key}" is not ready (status ${tenant.status}, schema layout ${tenant.schemaVersion} of ${TENANT_LAYOUT_VERSION}); an administrator must finish its migration`,
    );
  }
  return tenant;
}

/** Deletes a tenant with its schema and all its data, metadata, revisions and jobs. */
export async function deleteTenant(db: Kysely<PlatformTables>, key: string): Promise<void> {
  const tenant = await findTenant(db, key);
  await db.transaction().execute(async (tx) => {
    await sql`drop schema if exists ${sql.id(tenant.schemaName)} cascade`.execute(tx);
    await tx.deleteFrom('atrium.tenant').where('id', '=', tenant.id).execute();
  });
}

/**
 * Brings every tenant's system tables up to the platform's layout, one tenant per transaction
 * (DDL is transactional: a failed upgrade leaves the tenant as it was, refused until fixed).
 * Returns the keys of the tenants upgraded.
 */
export async function upgradeTenantLayouts(db: Kysely<PlatformTables>, log?: (line: string) => void): Promise<string[]> {
  const behind = await db
    .selectFrom('atrium.tenant')
    .select(['id', 'key'])
    .where('schema_version', '<', TENANT_LAYOUT_VERSION)
    .where('status', '=', 'active')
    .execute();
  const upgraded: string[] = [];
  for (const { id, key } of behind) {
    try {
      await db.transaction().execute(async (tx) => {
        const row = await tx.selectFrom('atrium.tenant').select(['schema_name', 'schema_version']).where('id', '=', id).forUpdate().executeTakeFirst();
        if (!row || row.schema_version >= TENANT_LAYOUT_VERSION) return;
        const version = await upgradeTenantLayout(tx, row.schema_name, row.schema_version);
        await tx.updateTable('atrium.tenant').set({ schema_version: version, updated_at: new Date().toISOString() }).where('id', '=', id).execute();
        upgraded.push(key);
      });
    } catch (error) {
      // One tenant's failed upgrade leaves it refused (fail closed); the others are still served.
      log?.(`tenant "${key}": its system tables could not be upgraded and it is not served: ${(error as Error).message}`);
    }
  }
  return upgraded;
}
