import type { FieldDef, ObjectDef } from '@atrium/metadata';
import { findTenant, loadBundle } from '@atrium/platform';
import { accountObject, dealObject } from '@atrium/platform/testing';
import { expect } from 'vitest';
import { type ApiHarness, ApiTenant } from './api-harness.ts';

/** Helpers shared by the API contract suites (tests/api). */

export type Json = Record<string, unknown>;
export type GqlResult<T = Json> = Awaited<ReturnType<ApiTenant['gql']>> & { data?: T };

/** A tenant with `accountObject()` and `dealObject()` (one field of every type), created with createObject operations. */
export async function dealTenant(harness: ApiHarness, prefix = 'deal', extra: ObjectDef[] = []): Promise<ApiTenant> {
  const t = await ApiTenant.create(harness, undefined, prefix);
  await t.change([
    { op: 'createObject', object: accountObject() },
    { op: 'createObject', object: dealObject() },
    ...extra.map((object) => ({ op: 'createObject' as const, object })),
  ]);
  return t;
}

/** `?filter=` value. */
export const q = (value: unknown): string => encodeURIComponent(JSON.stringify(value));

/** Fails with the GraphQL errors when there are any, and returns `data`. */
export function ok<T>(out: { status: number; data?: T; errors?: unknown[] }, what = 'GraphQL request'): T {
  if (out.errors !== undefined || out.status !== 200 || out.data === undefined) {
    throw new Error(`${what} failed (${out.status}): ${JSON.stringify(out.errors ?? out).slice(0, 2000)}`);
  }
  return out.data;
}

/** Fails unless a REST answer has the expected status; returns its body. */
export function restOk<T = Json>(out: { status: number; body: unknown }, status = 200, what = 'REST request'): T {
  if (out.status !== status) throw new Error(`${what}: expected ${status}, got ${out.status}: ${JSON.stringify(out.body).slice(0, 2000)}`);
  return out.body as T;
}

/** The tenant's physical names: schema, tables and columns (from its stored metadata). */
export class Physical {
  private constructor(
    readonly schema: string,
    readonly objects: Map<string, ObjectDef>,
  ) {}

  static async of(t: ApiTenant): Promise<Physical> {
    const tenant = await findTenant(t.harness.database.db, t.key);
    const bundle = await loadBundle(t.harness.database.db, tenant.id);
    return new Physical(tenant.schemaName, new Map(bundle.objects.map((o) => [o.apiName, o])));
  }

  object(apiName: string): ObjectDef {
    const object = this.objects.get(apiName);
    if (!object) throw new Error(`no object ${apiName}`);
    return object;
  }

  /** `"schema"."table"` of an object. */
  table(apiName: string): string {
    const table = this.object(apiName).table;
    if (!table) throw new Error(`object ${apiName} has no table`);
    return `${ident(this.schema)}.${ident(table)}`;
  }

  /** `"schema"."name"` of a system table of the tenant (`_outbox`). */
  system(name: string): string {
    return `${ident(this.schema)}.${ident(name)}`;
  }

  field(objectApiName: string, fieldApiName: string): FieldDef {
    const field = this.object(objectApiName).fields.find((f) => f.apiName === fieldApiName);
    if (!field) throw new Error(`no field ${objectApiName}.${fieldApiName}`);
    return field;
  }

  /** The quoted column of a field part (`value`, or a composite's part), optionally qualified by a row alias. */
  column(objectApiName: string, fieldApiName: string, part = 'value', alias?: string): string {
    const name = this.field(objectApiName, fieldApiName).columns?.[part];
    if (!name) throw new Error(`field ${objectApiName}.${fieldApiName} has no column part ${part}`);
    return alias ? `${ident(alias)}.${ident(name)}` : ident(name);
  }

  /** The junction table of a many-to-many field. */
  junction(objectApiName: string, fieldApiName: string): string {
    const name = this.field(objectApiName, fieldApiName).junctionTable;
    if (!name) throw new Error(`field ${objectApiName}.${fieldApiName} has no junction table`);
    return `${ident(this.schema)}.${ident(name)}`;
  }
}

export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Runs SQL on the test database and returns the rows. */
export async function sqlRows<R extends Json = Json>(t: ApiTenant, text: string, params: unknown[] = []): Promise<R[]> {
  const result = await t.harness.database.pool.query(text, params);
  return result.rows as R[];
}

/** Ids from SQL (column `id`), sorted. */
export async function sqlIds(t: ApiTenant, text: string, params: unknown[] = []): Promise<string[]> {
  return (await sqlRows<{ id: string }>(t, text, params)).map((r) => r.id).sort();
}

/** Every error carries a stable code (GraphQL `extensions.code`). */
export function gqlCodes(out: { errors?: Array<{ extensions?: { code?: string } }> }): string[] {
  return (out.errors ?? []).map((e) => e.extensions?.code ?? '<none>');
}

/** The detail paths of the first GraphQL error. */
export function gqlDetailPaths(out: { errors?: Array<{ extensions?: { details?: unknown[] } }> }): string[] {
  return ((out.errors?.[0]?.extensions?.details ?? []) as Array<{ path?: string }>).map((d) => String(d.path));
}

/** The detail paths of a REST problem document. */
export function restDetailPaths(body: unknown): string[] {
  return (((body as { errors?: unknown[] } | undefined)?.errors ?? []) as Array<{ path?: string }>).map((d) => String(d.path));
}

/** Asserts a REST answer is a 4xx problem document with the code. */
export function expectProblem(out: { status: number; headers: Record<string, unknown>; body: unknown }, code: string, status?: number, what = ''): void {
  if (status !== undefined) expect(out.status, `${what} ${JSON.stringify(out.body)}`).toBe(status);
  expect(out.status, what).toBeGreaterThanOrEqual(400);
  expect(out.status, what).toBeLessThan(500);
  expect(String(out.headers['content-type']), what).toContain('application/problem+json');
  expect((out.body as { code?: string }).code, `${what} ${JSON.stringify(out.body)}`).toBe(code);
}

/** A small deterministic PRNG (mulberry32) for seeding data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `YYYY-MM-DD` of today (UTC) plus `days`. */
export function utcDay(days = 0, from: Date = new Date()): string {
  const d = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate() + days));
  return d.toISOString().slice(0, 10);
}

/** A GraphQL selection of every field of a deal (lookups as nested objects, many-to-many as a connection). */
export const DEAL_SELECTION = `id ownerId createdAt createdBy updatedAt updatedBy version
  name notes body email phone site quantity weight amount { amount currency } discount won closeDate lastSeenAt
  stage tags account { id name } parentAccount { id name } partners(first: 50, orderBy: [{field: "name"}]) { totalCount nodes { id name } }
  reviewer { id } number total shippingAddress { street city state postalCode country } extra`;
