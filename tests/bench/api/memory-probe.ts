/**
 * Child process of `pnpm bench api` (run with `node --expose-gc`): the memory of resident tenant
 * runtimes, measured in a process of its own so that nothing else the benchmark holds counts.
 *
 * Input (env): DATABASE_URL, MEMORY_PROBE (JSON `ProbeInput`). Output: one JSON line (`ProbeOutput`)
 * on stdout; progress on stderr.
 */
import { findTenant, liveView, loadBundle, openPlatform, requireServable } from '@atrium/platform';
import { buildServer, createCredentialCache, TenantRegistry } from '@atrium/runtime';
// The build's steps, timed apart (internal modules of the runtime, read-only use).
import { tenantSdl } from '../../../runtime/src/graphql/schema/tenant-sdl.ts';
import { buildTenantSchema, TenantGraphql } from '../../../runtime/src/graphql/tenant-graphql.ts';
import { buildTenantModel } from '../../../runtime/src/model/tenant-model.ts';
import { median } from '../metadata/stats.ts';

export interface ProbeTenant {
  key: string;
  id: string;
  token: string;
}

export interface ProbeInput {
  /** Used first and not counted: code paths compiled, shared caches warm. */
  warmup: ProbeTenant;
  /** CRM tenants measured together. */
  tenants: ProbeTenant[];
  /** The tenant with the wide schema (500 objects × 20 fields), if any. */
  wide?: ProbeTenant & { rebuilds: number };
}

export interface HeapFigures {
  heapUsedBefore: number;
  heapUsedAfter: number;
  rssBefore: number;
  rssAfter: number;
  externalBefore: number;
  externalAfter: number;
}

export interface ProbeOutput {
  tenants: number;
  resident: number;
  heap: HeapFigures;
  perTenantHeapBytes: number;
  perTenantRssBytes: number;
  failures: string[];
  wide?: {
    objects: number;
    fields: number;
    firstBuildMs: number;
    rebuildMs: number[];
    medianRebuildMs: number;
    heapBytes: number;
    graphqlTypes: number;
    queryMs: number;
    /** One build taken apart (ms): what registry.get does, step by step. */
    steps: Record<string, number>;
  };
}

const log = (line: string): void => {
  process.stderr.write(`[memory-probe] ${line}\n`);
};

async function settle(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function snapshot(): { heapUsed: number; rss: number; external: number } {
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, rss: m.rss, external: m.external };
}

const LIST = '{ opportunities(first: 20) { nodes { id name amount { amount currency } account { id name } activities(first: 3) { nodes { id name } } } } }';
const GET = 'query($id: ID!) { opportunity(id: $id) { id name stage amount { amount currency } closeDate account { id name } } }';
const ACCOUNTS =
  '{ accounts(first: 10, orderBy: [{field: "name"}]) { nodes { id name industry opportunities(first: 5) { nodes { id name stage } } } totalCount } }';

async function main(): Promise<void> {
  const input = JSON.parse(process.env.MEMORY_PROBE ?? '') as ProbeInput;
  const database = await openPlatform({ databaseUrl: process.env.DATABASE_URL as string, applicationName: 'atrium-bench-memory', maxConnections: 4, log });
  const credentials = await createCredentialCache({ db: database.db, pool: database.pool });
  const registry = new TenantRegistry({ database, maxTenants: 10_000 });
  const app = await buildServer({ database, registry, credentials });
  await app.ready();
  const failures: string[] = [];

  /** A few requests of the kinds a tenant's users send: runtime built, query cache and credential cache filled. */
  const exercise = async (tenant: ProbeTenant): Promise<void> => {
    const headers = { authorization: `Bearer ${tenant.token}`, 'content-type': 'application/json' };
    const calls = [
      { method: 'POST' as const, url: '/graphql', headers, payload: JSON.stringify({ query: LIST }) },
      { method: 'POST' as const, url: '/graphql', headers, payload: JSON.stringify({ query: GET, variables: { id: '01900000-0000-7000-8000-000000000000' } }) },
      { method: 'POST' as const, url: '/graphql', headers, payload: JSON.stringify({ query: ACCOUNTS }) },
      { method: 'GET' as const, url: '/api/v1/data/opportunity?limit=20&expand=account', headers: { authorization: headers.authorization } },
    ];
    // Twice: mercurius compiles (JIT) a query on its second use.
    for (let round = 0; round < 2; round++) {
      for (const call of calls) {
        const response = await app.inject(call);
        if (response.statusCode !== 200 || response.body.includes('"errors"'))
          failures.push(`${tenant.key} ${call.method} ${call.url}: ${response.statusCode} ${response.body.slice(0, 300)}`);
      }
    }
  };

  await exercise(input.warmup);
  await settle();
  const before = snapshot();
  for (const [i, tenant] of input.tenants.entries()) {
    await exercise(tenant);
    if ((i + 1) % 10 === 0) log(`${i + 1}/${input.tenants.length} tenants resident`);
  }
  await settle();
  const after = snapshot();
  const n = input.tenants.length;
  const output: ProbeOutput = {
    tenants: n,
    resident: registry.size,
    heap: {
      heapUsedBefore: before.heapUsed,
      heapUsedAfter: after.heapUsed,
      rssBefore: before.rss,
      rssAfter: after.rss,
      externalBefore: before.external,
      externalAfter: after.external,
    },
    perTenantHeapBytes: (after.heapUsed - before.heapUsed) / n,
    perTenantRssBytes: (after.rss - before.rss) / n,
    failures: failures.slice(0, 10),
  };

  if (input.wide) {
    const wide = input.wide;
    await settle();
    const heapBefore = snapshot().heapUsed;
    const first = performance.now();
    const runtime = await registry.get(wide.key, wide.id);
    const firstBuildMs = performance.now() - first;
    const query = performance.now();
    const response = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { authorization: `Bearer ${wide.token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ query: '{ wide002s(first: 5) { nodes { id f01 f02 f07 { id f01 } } } }' }),
    });
    const queryMs = performance.now() - query;
    if (response.statusCode !== 200 || response.body.includes('"errors"')) failures.push(`wide query: ${response.statusCode} ${response.body.slice(0, 300)}`);
    await settle();
    const heapBytes = snapshot().heapUsed - heapBefore;
    const objects = runtime.model.objects.size;
    const fields = [...runtime.model.objects.values()].reduce((sum, o) => sum + (o.def.fields.length ?? 0), 0);
    const graphqlTypes = Object.keys(runtime.graphql.schema.getTypeMap()).length;
    const rebuildMs: number[] = [];
    for (let i = 0; i < wide.rebuilds; i++) {
      registry.invalidate(wide.id);
      const start = performance.now();
      await registry.get(wide.key, wide.id);
      rebuildMs.push(performance.now() - start);
    }
    const steps = await buildSteps(database, wide.key);
    output.wide = { objects, fields, firstBuildMs, rebuildMs, medianRebuildMs: median(rebuildMs), heapBytes, graphqlTypes, queryMs, steps };
    output.failures = failures.slice(0, 10);
  }

  process.stdout.write(`${JSON.stringify(output)}\n`);
  await app.close();
  await registry.close();
  await credentials.close();
  await database.close();
}

/** The steps of a tenant runtime's build, timed one by one (median of 3). */
async function buildSteps(database: Awaited<ReturnType<typeof openPlatform>>, tenantKey: string): Promise<Record<string, number>> {
  const runs: Array<Record<string, number>> = [];
  for (let i = 0; i < 3; i++) {
    const t: Record<string, number> = {};
    let mark = performance.now();
    const lap = (name: string) => {
      const now = performance.now();
      t[name] = now - mark;
      mark = now;
    };
    const tenant = requireServable(await findTenant(database.db, tenantKey));
    const stored = await loadBundle(database.db, tenant.id);
    lap('loadBundle (read the metadata)');
    const bundle = liveView(stored);
    lap('liveView');
    const model = buildTenantModel(
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
    lap('buildTenantModel');
    tenantSdl(model);
    lap('tenantSdl (SDL text)');
    buildTenantSchema(model);
    lap('buildTenantSchema (SDL again + buildSchema + resolvers)');
    const graphql = await TenantGraphql.build(model);
    lap('TenantGraphql.build (schema + fastify + mercurius)');
    await graphql.close();
    runs.push(t);
  }
  return Object.fromEntries(Object.keys(runs[0] ?? {}).map((k) => [k, median(runs.map((r) => r[k] ?? 0))]));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`[memory-probe] ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
