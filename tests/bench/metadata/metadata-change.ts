import type { MetadataOperation } from '@atrium/metadata';
import { applyMetadataChange, type Database, findTenant, type MetadataChangeResult } from '@atrium/platform';
import { BENCH_ACTOR } from './context.ts';

/** Applies operations on top of the tenant's current metadata version (one revision). */
export async function changeMetadata(database: Database, tenantKey: string, operations: MetadataOperation[]): Promise<MetadataChangeResult> {
  const { metadataVersion } = await findTenant(database.db, tenantKey);
  return applyMetadataChange(database.db, tenantKey, { baseVersion: metadataVersion, operations }, BENCH_ACTOR);
}
