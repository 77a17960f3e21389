import type { MetadataBundle } from '@atrium/metadata';
import type { Kysely } from 'kysely';
import { applyMetadataChange, type MetadataChangeResult } from '../applier/apply-metadata-change.ts';
import type { PlatformTables } from '../database/platform-tables.ts';
import { loadBundle } from '../metadata/metadata-store.ts';
import { insertRecords } from '../records/insert-records.ts';
import { findTenant } from '../tenants/tenant-service.ts';

/** Installs a metadata bundle into a tenant as one revision (`tenant create --seed`, `meta apply`). */
export async function installBundle(
  db: Kysely<PlatformTables>,
  tenantKey: string,
  bundle: MetadataBundle,
  actor: string,
  dryRun = false,
): Promise<MetadataChangeResult> {
  const tenant = await findTenant(db, tenantKey);
  return applyMetadataChange(db, tenantKey, { baseVersion: tenant.metadataVersion, dryRun, operations: [{ op: 'applyBundle', bundle }] }, actor);
}

export interface RecordBatch {
  object: string;
  records: Array<Record<string, unknown>>;
}

/** Loads records (API shape, parents first) into a tenant's tables; returns counts per object. */
export async function loadRecords(db: Kysely<PlatformTables>, tenantKey: string, batches: RecordBatch[]): Promise<Record<string, number>> {
  const tenant = await findTenant(db, tenantKey);
  const counts: Record<string, number> = {};
  await db.transaction().execute(async (tx) => {
    const bundle = await loadBundle(tx, tenant.id);
    for (const batch of batches) {
      const object = bundle.objects.find((o) => o.apiName === batch.object && o.state !== 'deleted');
      if (!object) throw new Error(`no object "${batch.object}" in tenant "${tenantKey}"`);
      await insertRecords(tx, tenant.schemaName, object, batch.records);
      counts[batch.object] = (counts[batch.object] ?? 0) + batch.records.length;
    }
  });
  return counts;
}
