import { type Database, findTenant, liveView, loadBundle, requireServable } from '@atrium/platform';
import { buildTenantModel, type TenantModel } from './tenant-model.ts';

/** Reads a tenant's current metadata and builds its runtime model (fails closed on a tenant not ready). */
export async function loadTenantModel(database: Database, tenantKey: string): Promise<TenantModel> {
  const tenant = requireServable(await findTenant(database.db, tenantKey));
  const bundle = liveView(await loadBundle(database.db, tenant.id));
  return buildTenantModel(
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
}
