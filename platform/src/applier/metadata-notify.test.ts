/**
 * Every applied metadata change is announced on `atrium_metadata` once, on commit; a dry run and
 * a refused change announce nothing (other processes would drop their caches for no reason).
 */
import { isAtriumError } from '@atrium/errors';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Database } from '../database/database.ts';
import { accountObject } from '../testing/sample-objects.ts';
import { TenantFixture } from '../testing/tenant-fixture.ts';
import { openTestDatabase } from '../testing/test-database.ts';
import { METADATA_CHANNEL } from './apply-metadata-change.ts';

interface Announcement {
  tenant: string;
  version: number;
  tenantId?: string;
}

let database: Database;
let listener: pg.Client;
const received: Announcement[] = [];
const waiters: Array<() => void> = [];

beforeAll(async () => {
  database = await openTestDatabase();
  listener = new pg.Client({ connectionString: inject('databaseUrl'), application_name: 'atrium-test-listener' });
  await listener.connect();
  listener.on('notification', (message) => {
    if (message.channel !== METADATA_CHANNEL) return;
    received.push(JSON.parse(message.payload ?? '{}') as Announcement);
    for (const wake of waiters.splice(0)) wake();
  });
  await listener.query(`listen ${METADATA_CHANNEL}`);
});
afterAll(async () => {
  await listener.end();
  await database.close();
});

/** Other test files change other tenants on the same database: only this tenant's announcements count. */
const announcementsOf = (key: string) => received.filter((a) => a.tenant === key);

async function waitFor(key: string, version: number): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!announcementsOf(key).some((a) => a.version === version)) {
    if (Date.now() > deadline) throw new Error(`no announcement of ${key} version ${version}; got ${JSON.stringify(announcementsOf(key))}`);
    await new Promise<void>((resolve) => {
      waiters.push(resolve);
      setTimeout(resolve, 100);
    });
  }
}

describe(`NOTIFY ${METADATA_CHANNEL}`, () => {
  it('announces an applied change once with {tenant, version}; a dry run and a refused change announce nothing', async () => {
    const t = await TenantFixture.create(database, 'notify');
    expect(METADATA_CHANNEL).toBe('atrium_metadata');

    const applied = await t.change([{ op: 'createObject', object: accountObject() }]);
    expect(applied).toMatchObject({ applied: true, version: 1 });
    await waitFor(t.key, 1);
    expect(announcementsOf(t.key)).toEqual([{ tenant: t.key, tenantId: t.tenant.id, version: 1 }]);

    const field = (apiName: string) => ({ id: `fld_${apiName}`, apiName, type: 'text' as const, label: { en: apiName } });
    const dryRun = await t.change([{ op: 'addField', object: 'account', field: field('region') }], { dryRun: true });
    expect(dryRun.applied).toBe(false);

    let refusal: unknown;
    try {
      await t.change([{ op: 'addField', object: 'account', field: field('Not Camel') }]);
    } catch (error) {
      refusal = error;
    }
    expect(isAtriumError(refusal) && refusal.code).toBe('INVALID_METADATA');
    // A stale base version is refused too, inside the transaction that would have notified.
    await expect(t.change([{ op: 'addField', object: 'account', field: field('late') }], { baseVersion: 0 })).rejects.toMatchObject({ code: 'CONFLICT' });

    // Notifications arrive in commit order: once version 2's has arrived, any from the dry run or
    // the refusals would have arrived before it.
    const second = await t.change([{ op: 'addField', object: 'account', field: field('segment') }]);
    expect(second.version).toBe(2);
    await waitFor(t.key, 2);
    expect(announcementsOf(t.key).map((a) => a.version)).toEqual([1, 2]);
  });
});
