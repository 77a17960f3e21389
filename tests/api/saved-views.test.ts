import { crmBundle } from '@atrium/seeds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, ApiTenant, startApi } from '../support/api-harness.ts';
import { Caller, eventually, type RestResult } from '../support/callers.ts';

/*
 * Saved list views over HTTP (issue 5): stored in the tenant's schema, private to their owner or
 * shared with everyone (manageSharedViews), definitions checked like list requests, kept through
 * field renames, and never showing a field the viewer may not read.
 *
 * Callers: the admin key; two sales reps (read/create/update on account, contact, opportunity;
 * every account field but annualRevenue); a sales lead (the reps' rights plus manageSharedViews);
 * a key with no permission at all; and the admin key of a second tenant.
 */

let harness: ApiHarness;
let tenant: ApiTenant;
let other: ApiTenant;
let admin: Caller;
let rep1: Caller;
let rep2: Caller;
let lead: Caller;
let nobody: Caller;
let stranger: Caller;

async function ok(result: Promise<RestResult>, status = 200): Promise<RestResult> {
  const response = await result;
  expect(response.status, response.text).toBe(status);
  return response;
}

const dealsView = {
  object: 'opportunity',
  name: 'Big proposals',
  definition: {
    columns: ['name', 'amount', 'stage', 'closeDate'],
    filter: { and: [{ amount: { gte: 1000 } }, { stage: { in: ['proposal', 'negotiation'] } }] },
    sort: [{ field: 'amount', direction: 'desc' }],
  },
};

const namesOf = (response: RestResult) => (response.body.data as Array<{ name: string }>).map((v) => v.name);

beforeAll(async () => {
  harness = await startApi();
  tenant = await ApiTenant.create(harness, crmBundle, 'views');
  other = await ApiTenant.create(harness, crmBundle, 'viewsb');
  const { app, database } = harness;
  admin = await Caller.create(app, database.db, tenant.key, 'admin', 'admin');
  rep1 = await Caller.create(app, database.db, tenant.key, 'integration', 'rep1');
  rep2 = await Caller.create(app, database.db, tenant.key, 'integration', 'rep2');
  lead = await Caller.create(app, database.db, tenant.key, 'integration', 'lead');
  nobody = await Caller.create(app, database.db, tenant.key, 'integration', 'nobody');
  stranger = await Caller.create(app, database.db, other.key, 'admin', 'stranger');

  const accountFields = crmBundle.objects.find((o) => o.apiName === 'account')?.fields.map((f) => f.apiName) ?? [];
  const crud = { read: true, create: true, update: true };
  const sales = await ok(
    admin.rest('POST', '/api/v1/admin/permission-sets', {
      name: 'Sales',
      objects: { account: crud, contact: crud, opportunity: crud },
      fields: {
        account: Object.fromEntries(accountFields.filter((f) => f !== 'annualRevenue').map((f) => [f, 'edit'])),
        contact: { '*': 'edit' },
        opportunity: { '*': 'edit' },
      },
    }),
    201,
  );
  const sharing = await ok(admin.rest('POST', '/api/v1/admin/permission-sets', { name: 'View curators', system: ['manageSharedViews'] }), 201);
  for (const caller of [rep1, rep2, lead]) await ok(admin.rest('POST', `/api/v1/admin/principals/${caller.id}/permission-sets/${sales.body.id}`));
  await ok(admin.rest('POST', `/api/v1/admin/principals/${lead.id}/permission-sets/${sharing.body.id}`));
  // Permission changes reach cached access profiles through NOTIFY, a moment after the commit.
  await eventually(async () => {
    expect((await lead.rest('GET', '/api/v1/views?object=account')).body.canShare).toBe(true);
    expect((await rep1.rest('GET', '/api/v1/views?object=account')).status).toBe(200);
  });
});

afterAll(async () => {
  await harness?.close();
});

describe('saved views: create, read, change, delete', () => {
  it('stores a view and answers it in the API grammar', async () => {
    const created = await ok(admin.rest('POST', '/api/v1/views', dealsView), 201);
    const view = created.body;
    expect(created.headers.location).toBe(`/api/v1/views/${view.id}`);
    expect(created.headers.etag).toBe('"1"');
    expect(view).toMatchObject({
      object: 'opportunity',
      name: 'Big proposals',
      visibility: 'private',
      definition: dealsView.definition,
      mine: true,
      canEdit: true,
      omitted: [],
      version: 1,
      ownerId: admin.id,
    });
    expect(view.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);

    const listed = await ok(admin.rest('GET', '/api/v1/views?object=opportunity'));
    expect(listed.body.canShare).toBe(true);
    expect(namesOf(listed)).toContain('Big proposals');
    const one = await ok(admin.rest('GET', `/api/v1/views/${view.id}`));
    expect(one.body).toEqual(view);
    expect(one.headers.etag).toBe('"1"');

    // The stored filter and sort work as they are in the list API.
    const { filter, sort } = view.definition;
    const url = `/api/v1/data/opportunity?filter=${encodeURIComponent(JSON.stringify(filter))}&sort=${sort[0].direction === 'desc' ? '-' : ''}${sort[0].field}`;
    await ok(admin.rest('GET', url));

    const renamed = await ok(admin.rest('PATCH', `/api/v1/views/${view.id}`, { name: 'Large proposals', expectedVersion: 1 }));
    expect(renamed.body).toMatchObject({ name: 'Large proposals', version: 2, definition: dealsView.definition });
    expect(renamed.headers.etag).toBe('"2"');
    const columns = await ok(admin.rest('PATCH', `/api/v1/views/${view.id}`, { definition: { columns: ['name', 'stage'], filter: null } }));
    expect(columns.body.definition).toEqual({ columns: ['name', 'stage'], filter: null, sort: dealsView.definition.sort });

    await ok(admin.rest('DELETE', `/api/v1/views/${view.id}`), 204);
    expect((await admin.rest('GET', `/api/v1/views/${view.id}`)).body.code).toBe('NOT_FOUND');
    expect((await admin.rest('DELETE', `/api/v1/views/${view.id}`)).status).toBe(404);
  });

  it('orders views by position, then name; new views go last', async () => {
    const a = await ok(rep1.rest('POST', '/api/v1/views', { object: 'contact', name: 'Zeta', definition: { columns: ['name'] } }), 201);
    const b = await ok(rep1.rest('POST', '/api/v1/views', { object: 'contact', name: 'Alpha', definition: { columns: ['name'] } }), 201);
    expect(b.body.position).toBe(a.body.position + 1);
    expect(namesOf(await rep1.rest('GET', '/api/v1/views?object=contact'))).toEqual(['Zeta', 'Alpha']);
    await ok(rep1.rest('PATCH', `/api/v1/views/${b.body.id}`, { position: 0 }));
    await ok(rep1.rest('PATCH', `/api/v1/views/${a.body.id}`, { position: 0 }));
    expect(namesOf(await rep1.rest('GET', '/api/v1/views?object=contact'))).toEqual(['Alpha', 'Zeta']);
    // Without `object`: the caller's views of every object it may read.
    const all = await ok(rep1.rest('GET', '/api/v1/views'));
    expect(all.body.data.map((v: { object: string }) => v.object)).toContain('contact');
  });

  it('refuses bad bodies, unknown and unreadable fields and bad filters with the path of the problem', async () => {
    const problem = async (body: unknown, caller = admin) => {
      const response = await caller.rest('POST', '/api/v1/views', body);
      expect(response.status, response.text).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      return { code: response.body.code, errors: response.body.errors as Array<{ path: string; code: string }> };
    };
    expect(await problem({ ...dealsView, colour: 'red' })).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: '/colour', code: 'UNKNOWN_MEMBER' }] });
    expect(await problem({ ...dealsView, name: '   ' })).toMatchObject({ errors: [{ path: '/name' }] });
    expect(await problem({ object: 'opportunity', definition: {} })).toMatchObject({ errors: [{ path: '/name', code: 'REQUIRED' }] });
    expect(await problem({ ...dealsView, object: 'spaceship' })).toMatchObject({ errors: [{ path: '/object', code: 'UNKNOWN_OBJECT' }] });
    expect(await problem({ ...dealsView, visibility: 'team' })).toMatchObject({ errors: [{ path: '/visibility', code: 'INVALID_VALUE' }] });
    expect(await problem({ ...dealsView, definition: { columns: ['name', 'warpFactor'] } })).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ path: '/definition/columns/1', code: 'UNKNOWN_FIELD' }],
    });
    expect(await problem({ ...dealsView, definition: { columns: ['name'], filter: { and: [{ warpFactor: { eq: 9 } }] } } })).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ path: '/definition/filter/and/0/warpFactor', code: 'UNKNOWN_FIELD' }],
    });
    expect(await problem({ ...dealsView, definition: { columns: ['name'], filter: { amount: { contains: 'x' } } } })).toMatchObject({
      errors: [{ path: '/definition/filter/amount/contains', code: 'UNKNOWN_OPERATOR' }],
    });
    expect(await problem({ ...dealsView, definition: { columns: ['name'], filter: { closeDate: { relative: 'someday' } } } })).toMatchObject({
      errors: [{ path: '/definition/filter/closeDate/relative', code: 'INVALID_VALUE' }],
    });
    expect(await problem({ ...dealsView, definition: { columns: ['name'], sort: [{ field: 'description' }] } })).toMatchObject({
      errors: [{ path: '/definition/sort/0/field', code: 'INVALID_SORT' }],
    });
    // A field the caller may not read is refused in columns, filters and sorts alike.
    const account = { object: 'account', name: 'Revenue' };
    expect(await problem({ ...account, definition: { columns: ['name', 'annualRevenue'] } }, rep1)).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ path: '/definition/columns/1', code: 'FIELD_NOT_READABLE' }],
    });
    expect(await problem({ ...account, definition: { filter: { annualRevenue: { gte: 5 } } } }, rep1)).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ path: '/definition/filter/annualRevenue', code: 'FIELD_NOT_READABLE' }],
    });
    expect(await problem({ ...account, definition: { sort: [{ field: 'annualRevenue' }] } }, rep1)).toMatchObject({
      errors: [{ path: '/definition/sort/0/field', code: 'FIELD_NOT_READABLE' }],
    });
    // Through a lookup, from a contact: the account's hidden field too.
    expect(await problem({ object: 'contact', name: 'Rich', definition: { filter: { account: { annualRevenue: { gte: 5 } } } } }, rep1)).toMatchObject({
      errors: [{ path: '/definition/filter/account/annualRevenue', code: 'FIELD_NOT_READABLE' }],
    });
    // Unknown query parameters.
    const unknown = await admin.rest('GET', '/api/v1/views?object=account&colour=red');
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].path).toBe('/query/colour');
  });

  it('refuses a second view of the same name (per owner, and among shared views)', async () => {
    await ok(rep2.rest('POST', '/api/v1/views', { object: 'account', name: 'Mine', definition: {} }), 201);
    const again = await rep2.rest('POST', '/api/v1/views', { object: 'account', name: 'mine', definition: {} });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'ALREADY_EXISTS', errors: [{ path: '/name', code: 'DUPLICATE_NAME' }] });
    // Another user may use the name for a view of their own.
    await ok(rep1.rest('POST', '/api/v1/views', { object: 'account', name: 'Mine', definition: {} }), 201);
  });

  it('refuses a stale version with CONFLICT (body expectedVersion or If-Match)', async () => {
    const view = (await ok(rep1.rest('POST', '/api/v1/views', { ...dealsView, name: 'Versioned' }), 201)).body;
    await ok(rep1.rest('PATCH', `/api/v1/views/${view.id}`, { name: 'Versioned 2', expectedVersion: 1 }));
    const stale = await rep1.rest('PATCH', `/api/v1/views/${view.id}`, { name: 'Versioned 3', expectedVersion: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'CONFLICT', errors: [{ path: '/expectedVersion', code: 'STALE_VERSION' }] });
    expect((await rep1.rest('PATCH', `/api/v1/views/${view.id}`, { name: 'Versioned 3' }, { 'if-match': '"1"' })).status).toBe(409);
    expect((await rep1.rest('DELETE', `/api/v1/views/${view.id}`, undefined, { 'if-match': '"1"' })).status).toBe(409);
    expect((await ok(rep1.rest('GET', `/api/v1/views/${view.id}`))).body.name).toBe('Versioned 2');
    await ok(rep1.rest('DELETE', `/api/v1/views/${view.id}`, undefined, { 'if-match': '"2"' }), 204);
  });
});

describe('saved views: who sees and changes what', () => {
  it('keeps private views to their owner: others get NOT_FOUND', async () => {
    const view = (await ok(rep1.rest('POST', '/api/v1/views', { ...dealsView, name: 'Rep 1 only' }), 201)).body;
    expect(namesOf(await rep1.rest('GET', '/api/v1/views?object=opportunity'))).toContain('Rep 1 only');
    expect(namesOf(await rep2.rest('GET', '/api/v1/views?object=opportunity'))).not.toContain('Rep 1 only');
    expect(namesOf(await admin.rest('GET', '/api/v1/views?object=opportunity'))).not.toContain('Rep 1 only');
    for (const caller of [rep2, lead, admin]) {
      expect((await caller.rest('GET', `/api/v1/views/${view.id}`)).status).toBe(404);
      expect((await caller.rest('PATCH', `/api/v1/views/${view.id}`, { name: 'Taken' })).status).toBe(404);
      expect((await caller.rest('DELETE', `/api/v1/views/${view.id}`)).status).toBe(404);
    }
    expect((await ok(rep1.rest('GET', `/api/v1/views/${view.id}`))).body.name).toBe('Rep 1 only');
  });

  it('shares views with everyone only with manageSharedViews', async () => {
    const refused = await rep1.rest('POST', '/api/v1/views', { ...dealsView, name: 'Team deals', visibility: 'everyone' });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'FORBIDDEN', errors: [{ path: '/visibility', code: 'SHARED_VIEWS_NOT_MANAGEABLE' }] });
    const mine = (await ok(rep1.rest('POST', '/api/v1/views', { ...dealsView, name: 'Rep 1 to share' }), 201)).body;
    expect((await rep1.rest('PATCH', `/api/v1/views/${mine.id}`, { visibility: 'everyone' })).status).toBe(403);

    const shared = (await ok(lead.rest('POST', '/api/v1/views', { ...dealsView, name: 'Team deals', visibility: 'everyone' }), 201)).body;
    expect(shared).toMatchObject({ visibility: 'everyone', mine: true, canEdit: true });
    for (const caller of [rep1, rep2, admin]) {
      const seen = (await ok(caller.rest('GET', '/api/v1/views?object=opportunity'))).body.data.find((v: { id: string }) => v.id === shared.id);
      expect(seen).toMatchObject({ name: 'Team deals', mine: false, canEdit: caller === admin, definition: dealsView.definition });
    }
    expect((await rep1.rest('GET', '/api/v1/views?object=opportunity')).body.canShare).toBe(false);
    const patch = await rep1.rest('PATCH', `/api/v1/views/${shared.id}`, { name: 'Mine now' });
    expect(patch.status).toBe(403);
    expect(patch.body.code).toBe('FORBIDDEN');
    expect((await rep2.rest('DELETE', `/api/v1/views/${shared.id}`)).status).toBe(403);
    // Anyone with the permission changes it (the admin here), and it stays shared.
    await ok(admin.rest('PATCH', `/api/v1/views/${shared.id}`, { name: 'Team pipeline' }));
    expect(namesOf(await rep2.rest('GET', '/api/v1/views?object=opportunity'))).toContain('Team pipeline');
    // A shared name is unique among shared views.
    expect((await admin.rest('POST', '/api/v1/views', { ...dealsView, name: 'team pipeline', visibility: 'everyone' })).status).toBe(409);
    // Made private again by its owner: gone for the others.
    await ok(lead.rest('PATCH', `/api/v1/views/${shared.id}`, { visibility: 'private' }));
    expect((await rep2.rest('GET', `/api/v1/views/${shared.id}`)).status).toBe(404);
  });

  it('needs read access to the object', async () => {
    const listed = await nobody.rest('GET', '/api/v1/views?object=opportunity');
    expect(listed.status).toBe(403);
    expect(listed.body.code).toBe('FORBIDDEN');
    const created = await nobody.rest('POST', '/api/v1/views', dealsView);
    expect(created.status).toBe(403);
    expect((await ok(nobody.rest('GET', '/api/v1/views'))).body.data).toEqual([]);
  });

  it('keeps tenants apart', async () => {
    const shared = (await ok(admin.rest('POST', '/api/v1/views', { ...dealsView, name: 'Tenant A shared', visibility: 'everyone' }), 201)).body;
    expect(namesOf(await stranger.rest('GET', '/api/v1/views?object=opportunity'))).not.toContain('Tenant A shared');
    expect((await stranger.rest('GET', `/api/v1/views/${shared.id}`)).status).toBe(404);
    expect((await stranger.rest('PATCH', `/api/v1/views/${shared.id}`, { name: 'Hijacked' })).status).toBe(404);
    expect((await stranger.rest('DELETE', `/api/v1/views/${shared.id}`)).status).toBe(404);
    expect((await ok(admin.rest('GET', `/api/v1/views/${shared.id}`))).body.name).toBe('Tenant A shared');
    // Not even with the other tenant's credential naming this tenant.
    expect((await stranger.rest('GET', '/api/v1/views?object=opportunity', undefined, { 'x-atrium-tenant': tenant.key })).status).toBe(403);
  });

  it('gives no view without a credential', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/api/v1/views?object=account' });
    expect(response.statusCode).toBe(401);
  });
});

describe('saved views and metadata changes', () => {
  it('survive field renames, in columns, filters through lookups and related lists, and sorts', async () => {
    await tenant.change([
      { op: 'addField', object: 'opportunity', field: { id: 'fld_opportunity_region', apiName: 'region', type: 'text', label: { en: 'Region' } } },
    ]);
    // The change reaches the server's tenant runtime through NOTIFY, a moment after the commit.
    await eventually(async () => expect((await admin.rest('GET', '/api/v1/data/opportunity?fields=region&limit=1')).status).toBe(200));
    const view = (
      await ok(
        admin.rest('POST', '/api/v1/views', {
          object: 'opportunity',
          name: 'By region',
          definition: {
            columns: ['name', 'region', 'account'],
            filter: { or: [{ region: { eq: 'EMEA' } }, { account: { industry: { eq: 'technology' } } }], activities: { some: { type: { eq: 'call' } } } },
            sort: [{ field: 'region' }, { field: 'account.industry', direction: 'DESC', nulls: 'FIRST' }],
          },
        }),
        201,
      )
    ).body;
    expect(view.definition.sort).toEqual([
      { field: 'region', direction: 'asc' },
      { field: 'account.industry', direction: 'desc', nulls: 'first' },
    ]);
    await tenant.change([
      { op: 'renameField', object: 'opportunity', field: 'fld_opportunity_region', apiName: 'territory' },
      { op: 'renameField', object: 'account', field: 'industry', apiName: 'sector' },
      { op: 'renameField', object: 'activity', field: 'type', apiName: 'kind' },
    ]);
    await eventually(async () => {
      const after = (await ok(admin.rest('GET', `/api/v1/views/${view.id}`))).body;
      expect(after.definition).toEqual({
        columns: ['name', 'territory', 'account'],
        filter: { or: [{ territory: { eq: 'EMEA' } }, { account: { sector: { eq: 'technology' } } }], activities: { some: { kind: { eq: 'call' } } } },
        sort: [
          { field: 'territory', direction: 'asc' },
          { field: 'account.sector', direction: 'desc', nulls: 'first' },
        ],
      });
      expect(after.omitted).toEqual([]);
      // And the list API takes it as it is.
      await ok(
        admin.rest('GET', `/api/v1/data/opportunity?filter=${encodeURIComponent(JSON.stringify(after.definition.filter))}&sort=territory,-account.sector`),
      );
    });
  });

  it('leave a deleted field out (columns, conditions, sort) instead of failing, and bring it back on restore', async () => {
    await tenant.change([
      { op: 'addField', object: 'contact', field: { id: 'fld_contact_nickname', apiName: 'nickname', type: 'text', label: { en: 'Nickname' } } },
    ]);
    const definition = {
      columns: ['name', 'nickname', 'email'],
      filter: { and: [{ nickname: { startsWith: 'Al' } }, { email: { isNull: false } }], not: { nickname: { eq: 'Bob' } } },
      sort: [
        { field: 'nickname', direction: 'asc' },
        { field: 'name', direction: 'asc' },
      ],
    };
    await eventually(async () => expect((await rep2.rest('GET', '/api/v1/data/contact?fields=nickname&limit=1')).status).toBe(200));
    const view = (await ok(rep2.rest('POST', '/api/v1/views', { object: 'contact', name: 'Nicknames', definition }), 201)).body;
    await tenant.change([{ op: 'deleteField', object: 'contact', field: 'fld_contact_nickname' }]);
    await eventually(async () => {
      const after = (await ok(rep2.rest('GET', '/api/v1/views?object=contact'))).body.data.find((v: { id: string }) => v.id === view.id);
      expect(after.definition).toEqual({
        columns: ['name', 'email'],
        filter: { and: [{ email: { isNull: false } }] },
        sort: [{ field: 'name', direction: 'asc' }],
      });
      expect(after.omitted).toEqual(
        expect.arrayContaining([
          { part: 'columns', reason: 'deleted' },
          { part: 'filter', reason: 'deleted' },
          { part: 'sort', reason: 'deleted' },
        ]),
      );
      expect(after.omitted).toHaveLength(4);
    });
    // Renaming the view keeps what it says about the deleted field, so a restore brings it back.
    await ok(rep2.rest('PATCH', `/api/v1/views/${view.id}`, { name: 'Nicknames (kept)' }));
    await tenant.change([{ op: 'restoreField', object: 'contact', field: 'fld_contact_nickname' }]);
    await eventually(async () => {
      const restored = (await ok(rep2.rest('GET', `/api/v1/views/${view.id}`))).body;
      expect(restored.definition).toEqual(definition);
      expect(restored.omitted).toEqual([]);
    });
  });

  it('disappears with its object and comes back when the object is restored', async () => {
    await tenant.change([
      {
        op: 'createObject',
        object: {
          id: 'obj_visit',
          apiName: 'visit',
          pluralApiName: 'visits',
          label: { en: 'Visit' },
          pluralLabel: { en: 'Visits' },
          nameField: 'name',
          fields: [{ id: 'fld_visit_name', apiName: 'name', type: 'text', label: { en: 'Name' } }],
        },
      },
    ]);
    await eventually(async () => {
      await ok(admin.rest('POST', '/api/v1/views', { object: 'visit', name: 'Visits', definition: { columns: ['name'] } }), 201);
    });
    await tenant.change([{ op: 'deleteObject', object: 'obj_visit' }]);
    await eventually(async () => {
      expect(namesOf(await ok(admin.rest('GET', '/api/v1/views')))).not.toContain('Visits');
    });
    await tenant.change([{ op: 'restoreObject', object: 'obj_visit' }]);
    await eventually(async () => {
      expect(namesOf(await ok(admin.rest('GET', '/api/v1/views?object=visit')))).toEqual(['Visits']);
    });
  });
});

describe('saved views and field permissions', () => {
  it('skip columns, conditions and sorts on fields the viewer may not read; editing keeps the hidden columns', async () => {
    const definition = {
      columns: ['name', 'annualRevenue', 'phone'],
      filter: { or: [{ annualRevenue: { gte: 1000000 } }, { phone: { startsWith: '+1' } }], contacts: { some: { account: { annualRevenue: { gte: 1 } } } } },
      sort: [
        { field: 'annualRevenue', direction: 'desc' },
        { field: 'name', direction: 'asc' },
      ],
    };
    const shared = (await ok(admin.rest('POST', '/api/v1/views', { object: 'account', name: 'Top accounts', visibility: 'everyone', definition }), 201)).body;
    expect(shared.definition).toEqual(definition);

    const seen = (await ok(rep1.rest('GET', '/api/v1/views?object=account'))).body.data.find((v: { id: string }) => v.id === shared.id);
    expect(seen.definition).toEqual({
      columns: ['name', 'phone'],
      filter: { or: [{ phone: { startsWith: '+1' } }] },
      sort: [{ field: 'name', direction: 'asc' }],
    });
    expect(seen.omitted).toEqual(
      expect.arrayContaining([
        { part: 'columns', reason: 'hidden' },
        { part: 'filter', reason: 'hidden' },
        { part: 'sort', reason: 'hidden' },
      ]),
    );
    expect(JSON.stringify(seen)).not.toContain('annualRevenue');
    // What the viewer gets works in the list API as it is.
    await ok(
      rep1.rest(
        'GET',
        `/api/v1/data/account?filter=${encodeURIComponent(JSON.stringify(seen.definition.filter))}&fields=${seen.definition.columns.join(',')}&sort=name`,
      ),
    );

    // The lead (same field rights, may share) reorders the columns: the hidden one stays for the others.
    await ok(lead.rest('PATCH', `/api/v1/views/${shared.id}`, { definition: { columns: ['phone', 'name'] } }));
    const after = (await ok(admin.rest('GET', `/api/v1/views/${shared.id}`))).body;
    expect(after.definition.columns).toEqual(['phone', 'annualRevenue', 'name']);
    expect(after.definition.filter).toEqual(definition.filter);
  });
});

describe('saved views in the OpenAPI document', () => {
  it('lists the views paths', async () => {
    const document = (await ok(admin.rest('GET', '/api/v1/openapi.json'))).body;
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/v1/views', '/api/v1/views/{id}']));
    expect(document.paths['/api/v1/views'].get.operationId).toBe('viewsList');
  });
});
