import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { crmBundle } from '@atrium/seeds';
import { Window } from 'happy-dom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenApiDocument } from '../../openapi/openapi-types.ts';
import { createTestTenant, startTestServer, type TestServer, type TestTenant } from '../../openapi/testing/api-test-server.ts';
import { ASSET_PREFIX, PAGE_ASSETS } from './register-pages.ts';

const PAGES = ['/docs/api', '/graphql/console'];

let server: TestServer;
let tenant: TestTenant;

beforeAll(async () => {
  server = await startTestServer();
  tenant = await createTestTenant(server, 'pages', { bundle: crmBundle });
});
afterAll(async () => {
  await server?.close();
});

async function get(url: string) {
  return server.app.inject({ method: 'GET', url });
}

/** `src`/`href` of a page and the relative `import`s of a script. */
function references(text: string): string[] {
  const attributes = [...text.matchAll(/\s(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string);
  const imports = [...text.matchAll(/^\s*import\s[^'"]*['"]([^'"]+)['"]/gm)].map((m) => new URL(m[1] as string, `file://${ASSET_PREFIX}`).pathname);
  return [...attributes, ...imports];
}

describe('the local pages', () => {
  it.each(PAGES)('%s is HTML served without credentials, under a self-only CSP', async (url) => {
    const response = await get(url);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.body).toContain('id="api-key"');
  });

  it.each(PAGES)('%s references no external URL, no inline script or style, and every asset it loads is served', async (url) => {
    const page = (await get(url)).body;
    const seen = new Set<string>();
    const queue = references(page);
    expect(queue.length).toBeGreaterThan(2);
    expect(page).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(page).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
    while (queue.length) {
      const reference = queue.shift() as string;
      if (seen.has(reference)) continue;
      seen.add(reference);
      expect(reference, `${url} references ${reference}`).toMatch(/^\/[^/]/);
      const response = await get(reference);
      expect(response.statusCode, reference).toBe(200);
      if (reference.endsWith('.js')) {
        expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
        expect(response.body).not.toMatch(/https?:\/\//);
        expect(response.body).not.toMatch(/\beval\(|new Function\(|innerHTML/);
        queue.push(...references(response.body));
      } else if (reference.endsWith('.css')) {
        expect(response.headers['content-type']).toBe('text/css; charset=utf-8');
        expect(response.body).not.toMatch(/https?:\/\/|@import|url\(/);
      }
    }
    expect(page).not.toMatch(/https?:\/\//);
  });

  it('serves only the known assets', async () => {
    for (const name of PAGE_ASSETS) expect((await get(`${ASSET_PREFIX}${name}`)).statusCode).toBe(200);
    expect((await get(`${ASSET_PREFIX}register-pages.ts`)).statusCode).toBe(404);
    expect((await get(`${ASSET_PREFIX}..%2Fbuild-server.ts`)).statusCode).toBe(404);
  });

  it('has scripts that parse as ES modules', async () => {
    const run = promisify(execFile);
    for (const name of PAGE_ASSETS.filter((n) => n.endsWith('.js'))) {
      await expect(run(process.execPath, ['--check', fileURLToPath(new URL(`./${name}`, import.meta.url))]), name).resolves.toBeDefined();
    }
  });
});

describe('the API reference page', () => {
  it("renders the tenant's objects, fields with types, endpoints and filter grammar", async () => {
    const spec = (await tenant.request('GET', '/api/v1/openapi.json')).json() as OpenApiDocument;
    const window = new Window();
    const globals = globalThis as unknown as Record<string, unknown>;
    const saved = { document: globals.document, Node: globals.Node };
    Object.assign(globals, { document: window.document, Node: window.Node });
    try {
      const { renderReference } = (await import(fileURLToPath(new URL('./api-reference-render.js', import.meta.url)))) as {
        renderReference: (spec: unknown, targets: { toc: unknown; content: unknown }) => void;
      };
      const toc = window.document.createElement('nav');
      const content = window.document.createElement('main');
      renderReference(spec, { toc, content });
      expect(content.querySelector('h1')?.textContent).toBe(`${tenant.key} — Atrium API`);
      for (const object of crmBundle.objects) {
        expect(content.querySelector(`#object-${object.apiName}`), object.apiName).not.toBeNull();
        expect(toc.textContent).toContain(object.label.en);
      }
      const opportunity = content.querySelector('#object-opportunity');
      const rows = [...(opportunity?.querySelectorAll('table.fields tbody tr') ?? [])].map((tr) =>
        [...tr.querySelectorAll('td')].map((td) => td.textContent ?? ''),
      );
      const row = (name: string) => rows.find((cells) => cells[0] === name) ?? [];
      expect(row('amount')[1]).toBe('currency');
      expect(row('stage')[1]).toMatch(/^picklist \(prospecting, qualification/);
      expect(row('stage')[4]).toBe('eq, neq, in, notIn, isNull');
      expect(row('account')[1]).toBe('lookup → account');
      expect(row('account')[4]).toContain('or conditions on the Account');
      expect(row('name')[2]).toBe('required');
      expect(row('expectedRevenue')[2]).toBe('read-only');
      expect(row('id')[1]).toBe('system · id');
      const endpoints = opportunity?.querySelector('.endpoints')?.textContent ?? '';
      for (const line of [
        'GET /api/v1/data/opportunity',
        'POST /api/v1/data/opportunity/bulk',
        'PATCH /api/v1/data/opportunity/{id}',
        'POST /api/v1/data/opportunity/{id}/restore',
      ]) {
        expect(endpoints.replace(/\s+/g, ' ')).toContain(line);
      }
      expect(opportunity?.querySelector('pre')?.textContent).toContain('"and"');
      const filters = content.querySelector('#filters')?.textContent ?? '';
      for (const operator of ['containsAll', 'between', 'relative', 'startsWith']) expect(filters).toContain(operator);
      expect(content.querySelector('#tag-metadata')?.textContent).toContain('/api/v1/meta/changes');
      expect(content.querySelector('#tag-graphql')?.textContent).toContain('/graphql');
    } finally {
      Object.assign(globals, saved);
      await window.happyDOM.close();
    }
  });
});

describe('the GraphQL console', () => {
  interface Field {
    name: string;
    args: Array<{ name: string; type: { kind: string } }>;
    type: unknown;
  }
  interface SchemaModule {
    INTROSPECTION_QUERY: string;
    rootFields(schema: unknown): { types: Map<string, unknown>; roots: Array<{ operation: 'query' | 'mutation'; field: Field }> };
    templateFor(types: Map<string, unknown>, operation: string, field: Field): { query: string; variables: string; operationName: string };
  }

  async function graphql(body: object) {
    const response = await tenant.request('POST', '/graphql', { body });
    return { status: response.statusCode, body: response.json() as { data?: Record<string, unknown>; errors?: Array<{ message: string }> } };
  }

  it('loads the schema by introspection and its query templates run', async () => {
    const schema = (await import(fileURLToPath(new URL('./graphql-schema.js', import.meta.url)))) as SchemaModule;
    const introspection = await graphql({ query: schema.INTROSPECTION_QUERY, operationName: 'AtriumConsoleSchema' });
    expect(introspection.body.errors).toBeUndefined();
    const { types, roots } = schema.rootFields((introspection.body.data as { __schema: unknown }).__schema);
    expect(roots.filter((r) => r.operation === 'mutation').map((r) => r.field.name)).toContain('createOpportunity');
    const queries = roots.filter((r) => r.operation === 'query' && !r.field.args.some((a) => a.type.kind === 'NON_NULL'));
    expect(queries.map((r) => r.field.name)).toEqual(expect.arrayContaining(['opportunities', 'opportunitiesAggregate', 'accounts']));
    for (const { operation, field } of queries) {
      const template = schema.templateFor(types, operation, field);
      const result = await graphql({ query: template.query, operationName: template.operationName });
      expect(result.body.errors, `${template.query}`).toBeUndefined();
      expect(result.status).toBe(200);
    }
    const one = roots.find((r) => r.field.name === 'opportunity');
    const template = schema.templateFor(types, 'query', one?.field as Field);
    expect(template.query).toContain('query Opportunity($id: ID!)');
    expect(JSON.parse(template.variables)).toEqual({ id: '' });
    const create = schema.templateFor(types, 'mutation', roots.find((r) => r.field.name === 'createOpportunity')?.field as Field);
    expect(create.query).toContain('mutation CreateOpportunity($input: OpportunityInput!)');
    expect(JSON.parse(create.variables)).toEqual({ input: {} });
  });

  it('offers /graphql/meta too, whose query templates run', async () => {
    const page = (await get('/graphql/console')).body;
    expect(page).toContain('<option value="/graphql/meta">');
    const schema = (await import(fileURLToPath(new URL('./graphql-schema.js', import.meta.url)))) as SchemaModule;
    const meta = async (body: object) => {
      const response = await tenant.request('POST', '/graphql/meta', { body });
      return { status: response.statusCode, body: response.json() as { data?: Record<string, unknown>; errors?: Array<{ message: string }> } };
    };
    const introspection = await meta({ query: schema.INTROSPECTION_QUERY, operationName: 'AtriumConsoleSchema' });
    expect(introspection.body.errors).toBeUndefined();
    const { types, roots } = schema.rootFields((introspection.body.data as { __schema: unknown }).__schema);
    expect(roots.filter((r) => r.operation === 'mutation').map((r) => r.field.name)).toEqual(expect.arrayContaining(['applyMetadataChanges', 'createRole']));
    const queries = roots.filter((r) => r.operation === 'query' && !r.field.args.some((a) => a.type.kind === 'NON_NULL'));
    expect(queries.map((r) => r.field.name)).toEqual(expect.arrayContaining(['metadata', 'roles', 'permissionSets', 'jobs']));
    for (const { operation, field } of queries) {
      const template = schema.templateFor(types, operation, field);
      const result = await meta({ query: template.query, operationName: template.operationName });
      expect(result.body.errors, `${template.query}`).toBeUndefined();
      expect(result.status).toBe(200);
    }
  });
});
