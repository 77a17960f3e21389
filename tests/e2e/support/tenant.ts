import { randomBytes } from 'node:crypto';
import { addMembership, createApiKey, createTenant, createUser, installBundle, loadRecords, newId } from '@atrium/platform';
import { crmBundle, generateDemoData } from '@atrium/seeds';
import type { E2eServer } from './server.ts';

/** A signed-in-able user of the tenant: the browser signs in with these. */
export interface E2eUser {
  id: string;
  email: string;
  password: string;
  displayName: string;
}

/** A fresh tenant on the e2e server, with an admin API key for setup calls. */
export interface E2eTenant {
  key: string;
  /** The records demo data loaded, by object (empty without `demo`). */
  records: Record<string, number>;
  /** A call to the tenant's API with the admin key; throws with the problem document unless 2xx. */
  api<T = unknown>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T>;
  /** A user of this tenant (membership `admin` or `member`), with a password to sign in in the browser. */
  addUser(options: { displayName: string; role: 'admin' | 'member'; email?: string }): Promise<E2eUser>;
}

let counter = 0;
/** Tenant keys and emails unique on the shared test database (several runs may share one PostgreSQL). */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter}`.toLowerCase().slice(0, 40);
}

export async function createE2eTenant(server: E2eServer, options: { prefix: string; seed?: 'crm'; demo?: boolean; name?: string }): Promise<E2eTenant> {
  const db = server.database.db;
  const key = uniqueName(options.prefix);
  await createTenant(db, { key, ...(options.name ? { name: options.name } : {}) });
  let records: Record<string, number> = {};
  if (options.seed === 'crm') {
    await installBundle(db, key, crmBundle, 'e2e');
    if (options.demo) records = await loadRecords(db, key, generateDemoData(crmBundle, { newId, now: new Date() }));
  }
  const { token } = await createApiKey(db, key, { role: 'admin', name: 'e2e setup' });

  const api: E2eTenant['api'] = async (method, path, body) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as never;
  };

  return {
    key,
    records,
    api,
    async addUser({ displayName, role, email }) {
      const address = email ?? `${uniqueName(displayName.replace(/\W+/g, '.'))}@e2e.atrium.local`;
      const password = randomBytes(15).toString('base64url');
      const user = await createUser(db, { email: address, displayName, password });
      await addMembership(db, address, key, role);
      return { id: user.id, email: user.email, password, displayName };
    },
  };
}
