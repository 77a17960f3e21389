import { AtriumApiError, AtriumClient } from '@atrium/client';
import { crmBundle } from '@atrium/seeds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, ApiTenant, startApi } from '../support/api-harness.ts';

interface Opportunity {
  name: string;
  stage?: string;
  amount?: { amount: number; currency: string } | null;
  account?: string | null;
}

let harness: ApiHarness;
let client: AtriumClient;

beforeAll(async () => {
  harness = await startApi();
  const tenant = await ApiTenant.create(harness, crmBundle, 'cli');
  const address = await harness.app.listen({ port: 0, host: '127.0.0.1' });
  client = new AtriumClient({ baseUrl: address, apiKey: tenant.token });
});
afterAll(async () => {
  await harness.close();
});

describe('the typed client over HTTP', () => {
  it('creates, lists, pages, updates with a version check, deletes and restores through REST', async () => {
    const opportunities = client.records<Opportunity>('opportunity');
    const created = await opportunities.bulk(Array.from({ length: 7 }, (_, i) => ({ name: `Client ${i}`, amount: { amount: 100 * i, currency: 'USD' } })));
    expect(created).toHaveLength(7);
    const names: string[] = [];
    for await (const record of opportunities.all({ filter: { name: { startsWith: 'Client' } }, sort: ['name'], limit: 3 })) names.push(record.name);
    expect(names).toEqual(Array.from({ length: 7 }, (_, i) => `Client ${i}`));
    const first = created[0] as Opportunity & { id: string; version: number };
    const updated = await opportunities
      .update(first.id, { stage: 'qualification', account: null }, { expectedVersion: first.version })
      .catch((e: unknown) => e);
    // qualification needs an account (the seed's stage rule): the error names the field.
    expect(updated).toBeInstanceOf(AtriumApiError);
    expect((updated as AtriumApiError).code).toBe('VALIDATION_FAILED');
    expect((updated as AtriumApiError).details[0]?.path).toContain('stage');
    const renamed = await opportunities.update(first.id, { name: 'Client renamed' }, { expectedVersion: first.version });
    expect(renamed.version).toBe(first.version + 1);
    await expect(opportunities.update(first.id, { name: 'Again' }, { expectedVersion: first.version })).rejects.toMatchObject({
      code: 'CONFLICT',
      status: 409,
    });
    await opportunities.delete(first.id);
    await expect(opportunities.get(first.id)).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
    expect((await opportunities.restore(first.id)).name).toBe('Client renamed');
  });

  it('runs GraphQL and throws errors with their stable codes', async () => {
    const data = await client.graphql<{ opportunities: { totalCount: number } }>('query($f: OpportunityFilter) { opportunities(filter: $f) { totalCount } }', {
      f: { name: { startsWith: 'Client' } },
    });
    expect(data.opportunities.totalCount).toBe(7);
    await expect(client.graphql('{ opportunities { nope } }')).rejects.toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED' });
  });

  it('saves, lists, changes and deletes saved views', async () => {
    const views = client.views();
    const view = await views.create({
      object: 'opportunity',
      name: 'Client view',
      definition: { columns: ['name', 'amount'], filter: { amount: { gte: 100 } } },
    });
    expect(view).toMatchObject({ name: 'Client view', visibility: 'private', version: 1, definition: { columns: ['name', 'amount'], sort: [] } });
    const listed = await views.list('opportunity');
    expect(listed.canShare).toBe(true);
    expect(listed.data.map((v) => v.id)).toContain(view.id);
    const changed = await views.update(
      view.id,
      { visibility: 'everyone', definition: { sort: [{ field: 'amount', direction: 'desc' }] } },
      { expectedVersion: 1 },
    );
    expect(changed).toMatchObject({ visibility: 'everyone', version: 2, definition: { filter: { amount: { gte: 100 } } } });
    await expect(views.update(view.id, { name: 'Stale' }, { expectedVersion: 1 })).rejects.toMatchObject({ code: 'CONFLICT', status: 409 });
    await views.delete(view.id);
    await expect(views.get(view.id)).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });
});
