import { randomBytes } from 'node:crypto';
import { isAtriumError } from '@atrium/errors';
import type { Database } from '@atrium/platform';
import { addMembership, createTenant, createUser, deleteTenant, installBundle, listTenants, loadRecords, newId } from '@atrium/platform';
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
  await ensureDemoAdmin(database, key, log);
  return key;
}

/** The demo tenant's admin, created on first start. */
export const DEMO_ADMIN_EMAIL = 'admin@demo.atrium.local';

/** Where `atrium start` will listen, as far as the environment tells (PORT, HOST). */
function expectedUrl(env: NodeJS.ProcessEnv = process.env): string {
  const host = env.HOST && env.HOST !== '0.0.0.0' ? env.HOST : env.HOST ? 'localhost' : '127.0.0.1';
  return `http://${host}:${env.PORT && env.PORT !== '0' ? env.PORT : '3000'}`;
}

/**
 * Creates the tenant's admin user (the Administrator permission set, top role) with a random
 * password when that user does not exist yet, and prints the password once, with how to sign in,
 * on stderr (never stdout: it carries results). Only its scrypt hash is stored. Returns the
 * password when this call created the user, undefined when the user existed already.
 */
export async function ensureDemoAdmin(
  database: Database,
  tenantKey: string,
  log: (line: string) => void,
  options: { email?: string; url?: string } = {},
): Promise<string | undefined> {
  const email = options.email ?? DEMO_ADMIN_EMAIL;
  const exists = await database.db.selectFrom('atrium.user').select('id').where('email', '=', email).executeTakeFirst();
  if (exists) return undefined;
  const password = randomBytes(18).toString('base64url');
  try {
    await createUser(database.db, { email, displayName: 'Demo admin', password });
  } catch (error) {
    // Another process created it at the same moment, and prints its password.
    if (isAtriumError(error) && error.code === 'ALREADY_EXISTS') return undefined;
    throw error;
  }
  await addMembership(database.db, email, tenantKey, 'admin');
  const url = options.url ?? expectedUrl();
  const body = JSON.stringify({ email, password, tenant: tenantKey });
  for (const line of [
    '',
    `created the admin of tenant "${tenantKey}"; its password is shown this once and stored nowhere in clear:`,
    `  email:    ${email}`,
    `  password: ${password}`,
    `  tenant:   ${tenantKey}`,
    `sign in at ${url} (POST /api/v1/auth/sign-in), e.g.:`,
    `  curl -c atrium-cookies.txt -H 'content-type: application/json' -d '${body}' ${url}/api/v1/auth/sign-in`,
    `lost it? set a new one: pnpm atrium user password ${email} --password-stdin`,
    '',
  ]) {
    log(line);
  }
  return password;
}
