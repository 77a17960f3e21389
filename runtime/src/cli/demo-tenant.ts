import { isAtriumError } from '@atrium/errors';
import type { Database } from '@atrium/platform';
import { createTenant, deleteTenant, installBundle, listTenants, loadRecords, newId } from '@atrium/platform';
import { generateDemoData, seedBundles } from '@atrium/seeds';
import { UsageError } from './cli-io.ts';

export interface TenantSetup {
  key: string;
  name?: string;
  seed?: string;
  demo?: boolean;
}

/** Creates a tenant, installs a seed bundle as one revision and, with `demo`, loads demo records. */
export async function setUpTenant(database: Database, setup: TenantSetup, log: (line: string) => void): Promise<{ records: Record<string, number> }> {
  const bundle = setup.seed ? seedBundles[setup.seed] : undefined;
  if (setup.seed && !bundle) throw new UsageError(`no seed "${setup.seed}"; available: ${Object.keys(seedBundles).join(', ')}`);
  if (setup.demo && !bundle) throw new UsageError("--demo needs --seed (demo records fill a seed's objects)");
  await createTenant(database.db, { key: setup.key, ...(setup.name ? { name: setup.name } : {}) });
  let records: Record<string, number> = {};
  if (!bundle) return { records };
  try {
    const result = await installBundle(database.db, setup.key, bundle, 'cli');
    log(`installed seed "${setup.seed}": ${result.plan.summary}`);
    if (setup.demo) {
      records = await loadRecords(database.db, setup.key, generateDemoData(bundle, { newId, now: new Date() }));
      log(
        `loaded demo records: ${Object.entries(records)
          .map(([o, n]) => `${n} ${o}`)
          .join(', ')}`,
      );
    }
  } catch (error) {
    // A tenant is created whole or not at all.
    await deleteTenant(database.db, setup.key).catch(() => {});
    throw error;
  }
  return { records };
}

/** The demo tenant `pnpm start` serves: created with the CRM seed and demo data on first start. */
export async function ensureDemoTenant(database: Database, log: (line: string) => void): Promise<string> {
  const key = 'demo';
  const tenants = await listTenants(database.db);
  if (!tenants.some((t) => t.key === key)) {
    log('creating the demo tenant with the CRM seed and demo data');
    try {
      await setUpTenant(database, { key, name: 'Atrium Demo', seed: 'crm', demo: true }, log);
    } catch (error) {
      // Another process created it at the same moment.
      if (!(isAtriumError(error) && error.code === 'ALREADY_EXISTS')) throw error;
    }
  }
  return key;
}
