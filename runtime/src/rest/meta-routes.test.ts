import type { FieldDef } from '@atrium/metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountObject } from '../../../platform/src/testing/sample-objects.ts';
import { createTestTenant, startTestServer, type TestServer, type TestTenant } from '../openapi/testing/api-test-server.ts';

let server: TestServer;
let tenant: TestTenant;

const ratingField = (apiName = 'rating'): FieldDef => ({ id: `fld_account_${apiName}`, apiName, type: 'integer', label: { en: 'Rating' } });

beforeAll(async () => {
  server = await startTestServer();
  tenant = await createTestTenant(server, 'meta', { operations: [{ op: 'createObject', object: accountObject() }] });
});
afterAll(async () => {
  await server?.close();
});

async function version(): Promise<number> {
  return tenant.fixture.version();
}

async function accountFields(): Promise<string[]> {
  return (await tenant.fixture.object('account')).fields.filter((f) => f.state !== 'deleted').map((f) => f.apiName);
}

describe('credentials', () => {
  it.each([
    ['GET', '/api/v1/meta'],
    ['GET', '/api/v1/meta/objects'],
    ['GET', '/api/v1/meta/objects/account'],
    ['POST', '/api/v1/meta/changes'],
    ['POST', '/api/v1/meta/objects'],
    ['POST', '/api/v1/meta/objects/account/fields'],
    ['PATCH', '/api/v1/meta/objects/account/fields/name'],
    ['DELETE', '/api/v1/meta/objects/account/fields/name'],
    ['GET', '/api/v1/meta/jobs'],
  ] as const)('%s %s without an API key is 401', async (method, url) => {
    const response = await tenant.request(method, url, { role: null, ...(method === 'GET' || method === 'DELETE' ? {} : { body: {} }) });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.headers['www-authenticate']).toBe('Bearer realm="atrium"');
    expect(response.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('lets an integration key read metadata but not change it', async () => {
    const before = await version();
    expect((await tenant.request('GET', '/api/v1/meta', { role: 'integration' })).statusCode).toBe(200);
    expect((await tenant.request('GET', '/api/v1/meta/jobs', { role: 'integration' })).statusCode).toBe(200);
    const changes = await tenant.request('POST', '/api/v1/meta/changes', {
      role: 'integration',
      body: { baseVersion: before, operations: [{ op: 'addField', object: 'account', field: ratingField('forbidden') }] },
    });
    expect(changes.statusCode).toBe(403);
    expect(changes.json()).toMatchObject({ code: 'FORBIDDEN' });
    const field = await tenant.request('POST', '/api/v1/meta/objects/account/fields', {
      role: 'integration',
      body: { baseVersion: before, field: ratingField('forbidden') },
    });
    expect(field.statusCode).toBe(403);
    const remove = await tenant.request('DELETE', '/api/v1/meta/objects/account/fields/name', { role: 'integration', headers: { 'if-match': `"${before}"` } });
    expect(remove.statusCode).toBe(403);
    expect(await version()).toBe(before);
  });
});

describe('reading metadata', () => {
  it('GET /api/v1/meta: the version and the bundle as exported', async () => {
    const response = await tenant.request('GET', '/api/v1/meta');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.version).toBe(await version());
    expect(response.headers.etag).toBe(`"${body.version}"`);
    expect(body.bundle).toMatchObject({ atrium: 'metadata-bundle', formatVersion: 1, objects: [{ apiName: 'account' }] });
    // Exported: no physical names or states.
    expect(body.bundle.objects[0]).not.toHaveProperty('table');
    expect(body.bundle.objects[0].fields[0]).not.toHaveProperty('columns');
  });

  it('GET /api/v1/meta/objects and /objects/{apiName or id}', async () => {
    const list = await tenant.request('GET', '/api/v1/meta/objects');
    expect(list.json()).toMatchObject({ version: await version(), objects: [{ apiName: 'account', fields: [{ apiName: 'name' }] }] });
    expect((await tenant.request('GET', '/api/v1/meta/objects/account')).json()).toMatchObject({ object: { id: 'obj_account', apiName: 'account' } });
    expect((await tenant.request('GET', '/api/v1/meta/objects/obj_account')).json()).toMatchObject({ object: { apiName: 'account' } });
    const missing = await tenant.request('GET', '/api/v1/meta/objects/nope');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'NOT_FOUND', errors: [{ path: '/params/object' }] });
  });

  it('refuses unknown query parameters', async () => {
    const response = await tenant.request('GET', '/api/v1/meta?x=1');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: '/query/x', code: 'UNKNOWN_PARAMETER' }] });
  });
});

describe('POST /api/v1/meta/changes', () => {
  it('applies operations: the plan, the new version, and the data API serves the field at once', async () => {
    const before = await version();
    const response = await tenant.request('POST', '/api/v1/meta/changes', {
      body: { baseVersion: before, operations: [{ op: 'addField', object: 'account', field: ratingField() }] },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      applied: true,
      version: before + 1,
      jobs: [],
      plan: { baseVersion: before, version: before + 1, steps: [{ action: 'addField', object: 'account', field: 'rating' }] },
    });
    expect(await version()).toBe(before + 1);
    const record = await tenant.request('POST', '/api/v1/data/account', { body: { name: 'Acme', rating: 5 } });
    expect(record.statusCode, record.body).toBe(201);
    expect(record.json()).toMatchObject({ rating: 5 });
  });

  it('a dry run returns the plan and changes nothing', async () => {
    const before = await version();
    const response = await tenant.request('POST', '/api/v1/meta/changes', {
      body: { baseVersion: before, dryRun: true, operations: [{ op: 'addField', object: 'account', field: ratingField('score') }] },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ applied: false, version: before, plan: { version: before + 1, steps: [{ action: 'addField', field: 'score' }] } });
    expect(await version()).toBe(before);
    expect(await accountFields()).not.toContain('score');
  });

  it('refuses a stale version with 409 CONFLICT', async () => {
    const before = await version();
    const response = await tenant.request('POST', '/api/v1/meta/changes', {
      body: { baseVersion: before - 1, operations: [{ op: 'addField', object: 'account', field: ratingField('stale') }] },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'CONFLICT', errors: [{ path: '/baseVersion', code: 'STALE_VERSION' }] });
    expect(await version()).toBe(before);
  });

  it('refuses invalid metadata with 422 INVALID_METADATA naming the request path', async () => {
    const before = await version();
    const response = await tenant.request('POST', '/api/v1/meta/changes', {
      body: { baseVersion: before, operations: [{ op: 'addField', object: 'account', field: { ...ratingField('and'), id: 'fld_account_and' } }] },
    });
    expect(response.statusCode).toBe(422);
    const problem = response.json();
    expect(problem.code).toBe('INVALID_METADATA');
    expect(problem.errors).toContainEqual(expect.objectContaining({ path: '/operations/0/field/apiName', code: 'RESERVED_API_NAME' }));
    expect(await version()).toBe(before);
  });

  it('refuses a malformed request with 400 VALIDATION_FAILED', async () => {
    const response = await tenant.request('POST', '/api/v1/meta/changes', { body: { baseVersion: await version(), operations: [{ op: 'explode' }] } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: expect.arrayContaining([expect.objectContaining({ path: '/operations/0', code: 'INVALID_REQUEST' })]),
    });
    expect((await tenant.request('POST', '/api/v1/meta/changes', { body: { operations: [] } })).statusCode).toBe(400);
  });
});

describe('convenience routes', () => {
  it('POST /objects creates an object (201, Location)', async () => {
    const before = await version();
    const object = {
      ...accountObject(),
      id: 'obj_partner',
      apiName: 'partner',
      pluralApiName: 'partners',
      fields: [{ id: 'fld_partner_name', apiName: 'name', type: 'text', label: { en: 'Name' } }],
    };
    const response = await tenant.request('POST', '/api/v1/meta/objects', { body: { baseVersion: before, object } });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.headers.location).toBe('/api/v1/meta/objects/partner');
    expect(response.headers.etag).toBe(`"${before + 1}"`);
    expect(response.json()).toMatchObject({ applied: true, version: before + 1, plan: { steps: [{ action: 'createObject', object: 'partner' }] } });
    expect((await tenant.request('GET', '/api/v1/meta/objects/partner')).statusCode).toBe(200);
  });

  it('POST /objects/{object}/fields with ?dryRun=true plans only; without it adds the field', async () => {
    const before = await version();
    const dry = await tenant.request('POST', '/api/v1/meta/objects/account/fields?dryRun=true', {
      body: { field: ratingField('tier') },
      headers: { 'if-match': `"${before}"` },
    });
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({ applied: false, version: before, plan: { steps: [{ action: 'addField', field: 'tier' }] } });
    expect(await version()).toBe(before);
    expect(await accountFields()).not.toContain('tier');
    const added = await tenant.request('POST', '/api/v1/meta/objects/account/fields', { body: { baseVersion: before, field: ratingField('tier') } });
    expect(added.statusCode).toBe(201);
    expect(await accountFields()).toContain('tier');
  });

  it('PATCH and DELETE a field with If-Match', async () => {
    const before = await version();
    const patched = await tenant.request('PATCH', '/api/v1/meta/objects/account/fields/tier', {
      body: { changes: { label: { en: 'Tier' }, indexed: true } },
      headers: { 'if-match': `"${before}"` },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ applied: true, version: before + 1 });
    expect((await tenant.fixture.object('account')).fields.find((f) => f.apiName === 'tier')).toMatchObject({ label: { en: 'Tier' }, indexed: true });
    const deleted = await tenant.request('DELETE', '/api/v1/meta/objects/account/fields/tier', { headers: { 'if-match': `W/"${before + 1}"` } });
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect(deleted.json()).toMatchObject({ applied: true, plan: { steps: [{ action: 'deleteField', field: 'tier' }] } });
    expect(await accountFields()).not.toContain('tier');
  });

  it('stale version: 409 CONFLICT', async () => {
    const before = await version();
    const response = await tenant.request('PATCH', '/api/v1/meta/objects/account/fields/rating', {
      body: { changes: { label: { en: 'Stale' } } },
      headers: { 'if-match': `"${before - 1}"` },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'CONFLICT', errors: [{ path: '/baseVersion', code: 'STALE_VERSION' }] });
  });

  it('invalid metadata: 422 with the path into the body (or the URL)', async () => {
    const before = await version();
    const reserved = await tenant.request('POST', '/api/v1/meta/objects/account/fields', {
      body: { baseVersion: before, field: { ...ratingField('id'), id: 'fld_account_id2' } },
    });
    expect(reserved.statusCode).toBe(422);
    expect(reserved.json().errors).toContainEqual(expect.objectContaining({ path: '/field/apiName', code: 'RESERVED_API_NAME' }));
    const badChange = await tenant.request('PATCH', '/api/v1/meta/objects/account/fields/rating', { body: { baseVersion: before, changes: { label: {} } } });
    expect(badChange.statusCode).toBe(422);
    expect(badChange.json()).toMatchObject({ code: 'INVALID_METADATA' });
    const unknownObject = await tenant.request('POST', '/api/v1/meta/objects/nope/fields', { body: { baseVersion: before, field: ratingField('x') } });
    expect(unknownObject.statusCode).toBe(404);
    expect(unknownObject.json().errors[0].path).toBe('/params/object');
    expect(await version()).toBe(before);
  });

  it('needs a base version, and refuses one that disagrees with If-Match or unknown members', async () => {
    const before = await version();
    const missing = await tenant.request('POST', '/api/v1/meta/objects/account/fields', { body: { field: ratingField('x') } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: '/baseVersion', code: 'REQUIRED' }] });
    const disagree = await tenant.request('POST', '/api/v1/meta/objects/account/fields', {
      body: { baseVersion: before, field: ratingField('x') },
      headers: { 'if-match': `"${before - 1}"` },
    });
    expect(disagree.statusCode).toBe(400);
    const unknown = await tenant.request('POST', '/api/v1/meta/objects/account/fields', { body: { baseVersion: before, field: ratingField('x'), extra: 1 } });
    expect(unknown.json()).toMatchObject({ errors: [{ path: '/extra' }] });
    const badDryRun = await tenant.request('POST', '/api/v1/meta/objects/account/fields?dryRun=maybe', {
      body: { baseVersion: before, field: ratingField('x') },
    });
    expect(badDryRun.statusCode).toBe(400);
    expect(await version()).toBe(before);
  });
});

describe('GET /api/v1/meta/jobs', () => {
  it("lists the tenant's follow-up jobs, newest first, with progress", async () => {
    const before = await version();
    const response = await tenant.request('POST', '/api/v1/meta/objects/account/fields', {
      body: { baseVersion: before, field: { ...ratingField('code'), type: 'text', unique: true } },
    });
    expect(response.statusCode, response.body).toBe(201);
    const enqueued = response.json().jobs as Array<{ id: string; task: string }>;
    expect(enqueued.map((j) => j.task)).toContain('buildIndex');
    const jobs = await tenant.request('GET', '/api/v1/meta/jobs');
    expect(jobs.statusCode).toBe(200);
    const data = jobs.json().data as Array<Record<string, unknown>>;
    const job = data.find((j) => j.id === enqueued[0]?.id);
    expect(job).toMatchObject({
      task: 'buildIndex',
      status: 'queued',
      done: 0,
      total: expect.any(Number),
      message: expect.any(String),
      error: null,
      attempts: 0,
    });
    expect(Object.keys(job ?? {}).sort()).toEqual(['attempts', 'createdAt', 'done', 'error', 'id', 'message', 'runAt', 'status', 'task', 'total', 'updatedAt']);
    expect(
      (await tenant.request('GET', '/api/v1/meta/jobs?status=succeeded')).json().data.find((j: { id: string }) => j.id === enqueued[0]?.id),
    ).toBeUndefined();
    expect((await tenant.request('GET', '/api/v1/meta/jobs?limit=1')).json().data).toHaveLength(1);
    expect((await tenant.request('GET', '/api/v1/meta/jobs?status=done')).statusCode).toBe(400);
  });

  it("does not show other tenants' jobs", async () => {
    const other = await createTestTenant(server, 'metaother');
    expect((await other.request('GET', '/api/v1/meta/jobs')).json()).toEqual({ data: [] });
  });
});
