import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApiKey, createTenant, type Database, installBundle, workspaceRoot } from '@atrium/platform';
import { crmBundle } from '@atrium/seeds';
import { type BenchServer, openBenchServer } from '../metadata/bench-server.ts';
import { BENCH_ACTOR } from '../metadata/context.ts';
import { describeError, formatScenario, type Metric, type ScenarioResult, type ServerInfo, status } from '../metadata/report.ts';
import { percentile, round, summarize, timed } from '../metadata/stats.ts';
import { createDataset, type Dataset, type DatasetOptions, datasetDefaults } from './dataset.ts';
import { type LoadOptions, type LoadResult, type LoadTarget, runInterleaved } from './http-load.ts';
import { compareAnswers, type HttpScenario, httpScenarios, type ListForm, probeListForm, type Servers } from './http-scenarios.ts';
import type { ProbeInput, ProbeOutput, ProbeTenant } from './memory-probe.ts';
import { measurePropagation, type PropagationOptions, propagationDefaults } from './propagation.ts';
import { type ServerProcess, startServerProcess } from './server-process.ts';
import { createWideTenant } from './wide-tenant.ts';

export const RESULTS_FILE = fileURLToPath(new URL('../results/api-latest.json', import.meta.url));

/** Goals (DESIGN.md and the API brief). */
const GOALS = {
  getRatio: 0.9,
  listGraphqlRatio: 0.85,
  listRestRatio: 0.9,
  filteredP95Ms: 20,
  tenantHeapBytes: 2 * 2 ** 20,
  wideBuildMs: 200,
  propagationP95Ms: 100,
};

const PARTS = ['http', 'propagation', 'memory'] as const;
type Part = (typeof PARTS)[number];

interface ApiOptions {
  /** Parts to run (all unless some are named). */
  parts: Set<Part>;
  dataset: DatasetOptions;
  load: LoadOptions;
  /** The measured time of each target is taken in this many slices, in turns with the others. */
  rounds: number;
  /** Connections of the latency run of the filtered list (besides the throughput run). */
  latencyConnections: number;
  tenants: number;
  wide: { objects: number; fields: number; rebuilds: number };
  propagation: PropagationOptions;
}

const FULL: ApiOptions = {
  parts: new Set(PARTS),
  dataset: datasetDefaults,
  load: { connections: 10, warmupSeconds: 3, seconds: 12 },
  rounds: 4,
  latencyConnections: 2,
  tenants: 50,
  wide: { objects: 500, fields: 20, rebuilds: 5 },
  propagation: propagationDefaults,
};

/** `--quick`: the same run on small data, for trying the benchmark itself. */
const QUICK: ApiOptions = {
  parts: new Set(PARTS),
  dataset: { accounts: 2_000, opportunities: 40_000, activityEvery: 5 },
  load: { connections: 10, warmupSeconds: 1, seconds: 3 },
  rounds: 1,
  latencyConnections: 2,
  tenants: 10,
  wide: { objects: 100, fields: 20, rebuilds: 3 },
  propagation: { ...propagationDefaults, changes: 10 },
};

export const apiUsage = `pnpm bench api [--quick] [--seconds N] [--connections N] [${PARTS.join('|')} ...]
  The generated APIs under load against a hand-written fastify + pg baseline on the same data
  (a CRM tenant with 1,000,000 opportunities), memory per resident tenant, the build of a
  500-object schema, and how fast a metadata change reaches another process. Prints tables and a
  JSON summary; a complete run (all parts, not --quick) also writes tests/bench/results/api-latest.json.
  Server: DATABASE_URL if set, else a fresh database on postgres://postgres@127.0.0.1:5432
  (dropped afterwards). --quick: small data and short runs (to try the benchmark, not to quote).
  Parts: http (GraphQL/REST vs baseline), propagation (metadata change seen by the server
  process), memory (resident tenants, 500-object schema); all unless some are named.
  Exit code 0 when every goal is met, 1 when one is missed, 2 on bad arguments.`;

const log = (line: string): void => {
  process.stderr.write(`[bench] ${line}\n`);
};

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
  postgres: string;
  /** 1-minute load average when the run started and when it ended (other work on the machine skews the figures). */
  loadAverage: { start: number; end: number };
}

export interface ApiSummary {
  bench: 'api';
  startedAt: string;
  durationMs: number;
  quick: boolean;
  pass: boolean;
  machine: Machine;
  server: ServerInfo | null;
  dataset: Record<string, unknown> | null;
  scenarios: ScenarioResult[];
  bugs: string[];
}

function parseArgs(args: string[]): ApiOptions | string {
  const rest = [...args];
  const base = args.includes('--quick') ? QUICK : FULL;
  const load = { ...base.load };
  const parts = new Set<Part>();
  while (rest.length) {
    const arg = rest.shift() as string;
    if (arg === '--quick') continue;
    if (arg === '--seconds' || arg === '--connections') {
      const value = Number(rest.shift());
      if (!Number.isInteger(value) || value < 1) return `${arg} takes a whole number`;
      if (arg === '--seconds') load.seconds = value;
      else load.connections = value;
    } else if ((PARTS as readonly string[]).includes(arg)) parts.add(arg as Part);
    else return `unknown option ${arg}`;
  }
  return { ...base, load, parts: parts.size ? parts : new Set(PARTS) };
}

/** `pnpm bench api`: returns the process exit code. */
export async function runApiBench(args: string[]): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    process.stderr.write(`${parsed}\n\n${apiUsage}\n`);
    return 2;
  }
  const options = parsed;
  const quick = args.includes('--quick');
  const startedAt = new Date();
  const started = performance.now();
  const runId = `bench_api_${startedAt.getTime().toString(36)}`;
  const scenarios: ScenarioResult[] = [];
  const bugs: string[] = [];
  let server: BenchServer | undefined;
  let machine: Machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    postgres: 'unknown',
    loadAverage: { start: round(loadavg()[0] ?? 0, 2), end: Number.NaN },
  };
  if ((loadavg()[0] ?? 0) > 1) log(`the machine is busy (load average ${loadavg()[0]?.toFixed(2)}): figures will be skewed`);
  let datasetInfo: Record<string, unknown> | null = null;
  const processes: ServerProcess[] = [];
  try {
    server = await openBenchServer({ tenantPrefix: `${runId}_`, log });
    log(`server: ${server.info.kind} ${server.info.url} — ${server.info.version}`);
    machine = { ...machine, postgres: server.info.version };
    const { database } = server;

    if (options.parts.has('http') || options.parts.has('propagation')) {
      datasetInfo = await serverScenarios(database, runId, options, processes, scenarios, bugs);
    }
    for (const p of processes.splice(0)) await p.stop();

    if (options.parts.has('memory')) {
      log(`memory: ${options.tenants} CRM tenants resident, and a ${options.wide.objects}-object schema…`);
      scenarios.push(...(await memoryScenarios(database, runId, options)));
    }
  } catch (error) {
    log(`failed: ${describeError(error)}`);
    scenarios.push({
      id: 'run',
      title: 'The benchmark run',
      goal: 'runs to the end',
      pass: false,
      durationMs: 0,
      metrics: [],
      notes: [],
      error: describeError(error),
    });
    for (const p of processes) for (const line of p.stderrTail().slice(-10)) log(`  ${line}`);
  } finally {
    for (const p of processes) await p.stop().catch(() => {});
    if (server) {
      log('cleaning up (dropping the database)…');
      await server.dispose().catch((error: unknown) => log(`cleanup failed: ${describeError(error)}`));
    }
  }

  machine.loadAverage.end = round(loadavg()[0] ?? 0, 2);
  const summary: ApiSummary = {
    bench: 'api',
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - started),
    quick,
    pass: scenarios.every((s) => s.pass),
    machine,
    server: server?.info ?? null,
    dataset: datasetInfo,
    scenarios,
    bugs,
  };
  const out = [overviewTable(summary), '', ...scenarios.flatMap((s, i) => [formatScenario(s, i + 1), ''])];
  if (bugs.length) out.push('Problems found in Atrium during the run:', ...bugs.map((b) => `  - ${b}`), '');
  out.push(`overall: ${status(summary.pass)} in ${(summary.durationMs / 1000).toFixed(1)} s`, '', JSON.stringify(summary, null, 2));
  process.stdout.write(`${out.join('\n')}\n`);
  const fatal = scenarios.some((s) => s.id === 'run');
  const partial = options.parts.size < PARTS.length;
  if (!quick && !fatal && !partial) {
    mkdirSync(dirname(RESULTS_FILE), { recursive: true });
    writeFileSync(RESULTS_FILE, `${JSON.stringify(summary, null, 2)}\n`);
    log(`results written to ${RESULTS_FILE}`);
  } else log(`${fatal ? 'the run failed' : quick ? '--quick' : 'only some parts ran'}: results not written`);
  return summary.pass ? 0 : 1;
}

/** The parts that need the data set and the two server processes: HTTP load, change propagation. */
async function serverScenarios(
  database: Database,
  runId: string,
  options: ApiOptions,
  processes: ServerProcess[],
  scenarios: ScenarioResult[],
  bugs: string[],
): Promise<Record<string, unknown>> {
  log(`dataset: ${options.dataset.opportunities.toLocaleString('en-US')} opportunities, ${options.dataset.accounts.toLocaleString('en-US')} accounts…`);
  const dataset = await createDataset(database, `${runId}_crm`, options.dataset, log);
  const loadSeconds = (dataset.timings.accountsMs + dataset.timings.opportunitiesMs + dataset.timings.activitiesMs) / 1000;
  log(
    `  loaded: ${dataset.counts.opportunities.toLocaleString('en-US')} opportunities, ${dataset.counts.activities.toLocaleString('en-US')} activities in ${loadSeconds.toFixed(1)} s (+ vacuum ${(dataset.timings.vacuumMs / 1000).toFixed(1)} s)`,
  );
  const atrium = await startServerProcess({
    args: ['runtime/src/cli/main.ts', 'start', '--no-demo'],
    // The per-credential and per-tenant rate limits (100 and 500 req/s by default) would refuse the
    // load: raised out of reach, so their counting still runs but never refuses.
    env: {
      DATABASE_URL: database.url,
      PORT: '0',
      LOG_LEVEL: 'warn',
      ATRIUM_RATE_LIMIT_PER_CREDENTIAL: '1000000000',
      ATRIUM_RATE_LIMIT_PER_TENANT: '1000000000',
    },
    label: 'atrium',
    log,
  });
  processes.push(atrium);
  const baseline = await startServerProcess({
    args: ['tests/bench/api/baseline-server.ts'],
    env: { DATABASE_URL: database.url, PORT: '0', BASELINE_LAYOUT: JSON.stringify(dataset.layout) },
    label: 'baseline',
    log,
  });
  processes.push(baseline);
  // The same baseline without prepared statements: how much of the gap parsing and planning per request explain.
  const unnamed = await startServerProcess({
    args: ['tests/bench/api/baseline-server.ts'],
    env: { DATABASE_URL: database.url, PORT: '0', BASELINE_LAYOUT: JSON.stringify(dataset.layout), BASELINE_UNNAMED: '1' },
    label: 'baseline-unnamed',
    log,
  });
  processes.push(unnamed);
  const servers: Servers = {
    atrium: atrium.url,
    baseline: baseline.url,
    baselineUnnamed: unnamed.url,
    pids: { atrium: atrium.pid, baseline: baseline.pid, baselineUnnamed: unnamed.pid },
  };
  log(`Atrium at ${atrium.url} (pid ${atrium.pid}), baseline at ${baseline.url} (pid ${baseline.pid})`);

  if (options.parts.has('http')) {
    const listForm = await probeListForm(servers, dataset);
    for (const refusal of listForm.refusals) bugs.push(`filter by a lookup's id refused: ${refusal}`);
    for (const scenario of httpScenarios(servers, dataset, listForm)) {
      scenarios.push(await runHttpScenario(scenario, servers, dataset, listForm, options, bugs));
    }
  }
  if (options.parts.has('propagation')) {
    log('metadata change → visible in the server process…');
    scenarios.push(
      await timedScenario('propagation', 'A metadata change served by another process', async () => {
        const target = { url: atrium.url, token: dataset.token, tenantKey: dataset.tenantKey, recordId: dataset.opportunityIds[0] as string };
        const samples = await measurePropagation(database, target, options.propagation, log);
        return propagationResult(samples, options.propagation);
      }),
    );
  }
  return describeDataset(dataset);
}

function describeDataset(dataset: Dataset): Record<string, unknown> {
  return {
    tenant: dataset.tenantKey,
    counts: dataset.counts,
    sizeMiB: round(dataset.sizeBytes / 2 ** 20),
    index: dataset.index,
    timings: Object.fromEntries(Object.entries(dataset.timings).map(([k, v]) => [k, round(v)])),
    sampledIds: { opportunities: dataset.opportunityIds.length, accounts: dataset.accountIds.length },
  };
}

async function timedScenario(id: string, title: string, run: () => Promise<Omit<ScenarioResult, 'durationMs' | 'id' | 'title'>>): Promise<ScenarioResult> {
  const start = performance.now();
  try {
    const result = await run();
    return { id, title, ...result, durationMs: Math.round(performance.now() - start) };
  } catch (error) {
    log(`${title} failed: ${describeError(error)}`);
    return {
      id,
      title,
      goal: 'runs to the end',
      pass: false,
      durationMs: Math.round(performance.now() - start),
      metrics: [],
      notes: [],
      error: describeError(error),
    };
  }
}

/** CPU time per request of the server process and of PostgreSQL, in µs. */
const cpu = (r: LoadResult) =>
  r.cpuPerRequest ? `server ${Math.round(r.cpuPerRequest.server * 1000)} µs + PostgreSQL ${Math.round(r.cpuPerRequest.postgres * 1000)} µs` : 'n/a';

const fmt = (r: LoadResult) => `${round(r.p50, 2)} / ${round(r.p95, 2)} / ${round(r.p99, 2)}`;

function roundLoad(r: LoadResult): Record<string, unknown> {
  return {
    ...r,
    rps: round(r.rps),
    p50: round(r.p50, 2),
    p95: round(r.p95, 2),
    p99: round(r.p99, 2),
    max: round(r.max, 2),
    mean: round(r.mean, 2),
    seconds: round(r.seconds, 2),
    bytesPerResponse: Math.round(r.bytesPerResponse),
    cpuPerRequestUs: r.cpuPerRequest ? { server: Math.round(r.cpuPerRequest.server * 1000), postgres: Math.round(r.cpuPerRequest.postgres * 1000) } : null,
    cpuPerRequest: undefined,
  };
}

async function runHttpScenario(
  scenario: HttpScenario,
  servers: Servers,
  dataset: Dataset,
  listForm: ListForm,
  options: ApiOptions,
  bugs: string[],
): Promise<ScenarioResult> {
  return timedScenario(`http-${scenario.kind}`, scenario.title, async () => {
    log(`${scenario.title}…`);
    const problems = await compareAnswers(scenario.kind, servers, dataset, listForm);
    for (const problem of problems) bugs.push(`${scenario.kind}: ${problem}`);
    const metrics: Metric[] = [];
    const runs: Record<string, unknown>[] = [];
    let pass = problems.length === 0;
    // Every target of the scenario (a baseline shared by two variants counted once), measured in turns.
    const targets = new Map<string, LoadTarget>();
    for (const pair of scenario.pairs) {
      targets.set(pair.atrium.label, pair.atrium);
      targets.set(pair.baseline.label, pair.baseline);
    }
    for (const target of scenario.diagnostics) targets.set(target.label, target);
    const database = dataset.databaseName;
    const measured = await runInterleaved([...targets.values()], { ...options.load, rounds: options.rounds, database });
    const results = new Map(measured.map((r) => [r.label, r]));
    for (const r of measured) {
      log(`  ${r.label}: ${round(r.rps)} req/s, p50/p95/p99 ${fmt(r)} ms, CPU/request ${cpu(r)}${r.failed ? `, ${r.failed} FAILED` : ''}`);
      runs.push({ role: r.label.startsWith('Atrium') ? 'atrium' : r.label.includes('diagnosis') ? 'diagnosis' : 'baseline', ...roundLoad(r) });
    }
    // The latency goal, at a load the machine carries without queueing (about one request per core at a time).
    const latencies = new Map<string, LoadResult>();
    if (scenario.kind === 'filtered') {
      const atLow = await runInterleaved([...targets.values()], {
        ...options.load,
        connections: options.latencyConnections,
        warmupSeconds: 0,
        rounds: options.rounds,
        database,
      });
      for (const r of atLow) {
        latencies.set(r.label, r);
        log(`  ${r.label} at ${options.latencyConnections} connections: ${round(r.rps)} req/s, p50/p95/p99 ${fmt(r)} ms`);
        runs.push({ role: r.label.startsWith('Atrium') ? 'atrium-latency' : 'baseline-latency', ...roundLoad(r) });
      }
    }
    for (const pair of scenario.pairs) {
      const atriumResult = results.get(pair.atrium.label) as LoadResult;
      const baseResult = results.get(pair.baseline.label) as LoadResult;
      const ratio = atriumResult.rps / baseResult.rps;
      const variant = pair.atrium.label.replace('Atrium ', '');
      const ratioGoal =
        scenario.kind === 'get'
          ? GOALS.getRatio
          : scenario.kind === 'list'
            ? variant === 'GraphQL'
              ? GOALS.listGraphqlRatio
              : GOALS.listRestRatio
            : undefined;
      const failed = atriumResult.failed + baseResult.failed;
      metrics.push({ name: `${pair.atrium.label}: req/s (${options.load.connections} connections)`, value: round(atriumResult.rps) });
      metrics.push({ name: `${pair.atrium.label}: latency p50 / p95 / p99`, value: fmt(atriumResult), unit: 'ms' });
      metrics.push({ name: `${pair.baseline.label}: req/s`, value: round(baseResult.rps) });
      metrics.push({ name: `${pair.baseline.label}: latency p50 / p95 / p99`, value: fmt(baseResult), unit: 'ms' });
      if (ratioGoal !== undefined) {
        const ok = ratio >= ratioGoal;
        pass &&= ok;
        metrics.push({ name: `${variant} throughput ÷ baseline`, value: `${round(ratio * 100)}%`, goal: `≥ ${ratioGoal * 100}%`, pass: ok });
      } else {
        metrics.push({ name: `${variant} throughput ÷ baseline`, value: `${round(ratio * 100)}%` });
      }
      metrics.push({ name: `${pair.atrium.label}: CPU per request`, value: cpu(atriumResult) });
      metrics.push({ name: `${pair.baseline.label}: CPU per request`, value: cpu(baseResult) });
      metrics.push({
        name: `${pair.atrium.label}: bytes per response (baseline)`,
        value: `${Math.round(atriumResult.bytesPerResponse)} (${Math.round(baseResult.bytesPerResponse)})`,
      });
      metrics.push({ name: `${pair.atrium.label}: failed requests (both sides)`, value: failed, goal: '0', pass: failed === 0 });
      pass &&= failed === 0;
      if (atriumResult.firstFailure) bugs.push(`${scenario.kind} ${pair.atrium.label} under load: ${atriumResult.firstFailure}`);
      const latency = latencies.get(pair.atrium.label);
      if (latency) {
        const baseLatency = latencies.get(pair.baseline.label);
        const ok = latency.p95 <= GOALS.filteredP95Ms && latency.failed === 0;
        pass &&= ok;
        metrics.push({
          name: `${pair.atrium.label}: p95 at ${options.latencyConnections} connections (${round(latency.rps)} req/s)`,
          value: round(latency.p95, 2),
          unit: 'ms',
          goal: `≤ ${GOALS.filteredP95Ms} ms`,
          pass: ok,
        });
        if (baseLatency)
          metrics.push({
            name: `baseline: p95 at ${options.latencyConnections} connections (${round(baseLatency.rps)} req/s)`,
            value: round(baseLatency.p95, 2),
            unit: 'ms',
          });
        metrics.push({
          name: `${pair.atrium.label}: p95 at ${options.load.connections} connections (saturated)`,
          value: round(atriumResult.p95, 2),
          unit: 'ms',
        });
      }
    }
    for (const target of scenario.diagnostics) {
      const r = results.get(target.label) as LoadResult;
      metrics.push({ name: `${target.label}: req/s`, value: round(r.rps) });
      metrics.push({ name: `${target.label}: CPU per request`, value: cpu(r) });
    }
    const goal =
      scenario.kind === 'get'
        ? `GraphQL and REST ≥ ${GOALS.getRatio * 100}% of the baseline's throughput`
        : scenario.kind === 'list'
          ? `GraphQL ≥ ${GOALS.listGraphqlRatio * 100}%, REST ≥ ${GOALS.listRestRatio * 100}% of the baseline's throughput`
          : `p95 ≤ ${GOALS.filteredP95Ms} ms over ${dataset.counts.opportunities.toLocaleString('en-US')} rows`;
    return {
      goal,
      pass,
      metrics,
      notes: [
        ...scenario.notes,
        `load: autocannon, ${options.load.connections} connections, ${options.load.warmupSeconds} s warm-up then ${options.load.seconds} s measured per server in ${options.rounds} slices taken in turns with the other servers of the scenario, from the benchmark process on the same machine`,
        'CPU per request: user + system time from /proc of the server process and of the PostgreSQL backends of the bench database (with their parallel workers; a backend or worker that ended within a slice is not counted: a lower bound), ÷ requests',
        ...problems.map((p) => `ANSWERS DIFFER: ${p}`),
      ],
      details: { runs, problems },
    };
  });
}

function propagationResult(
  samples: Awaited<ReturnType<typeof measurePropagation>>,
  options: PropagationOptions,
): Omit<ScenarioResult, 'durationMs' | 'id' | 'title'> {
  const visible = summarize(samples.map((s) => s.visibleMs));
  const total = summarize(samples.map((s) => s.totalMs));
  const apply = summarize(samples.map((s) => s.applyMs));
  const timedOut = samples.filter((s) => s.timedOut).length;
  const p95 = visible.p95;
  const ok = p95 <= GOALS.propagationP95Ms && timedOut === 0;
  return {
    goal: `p95 ≤ ${GOALS.propagationP95Ms} ms from the change's commit to the other process serving the new field`,
    pass: ok,
    metrics: [
      { name: 'changes (addField on opportunity, one revision each)', value: samples.length },
      {
        name: 'commit → served: median / p95 / max',
        value: `${round(visible.median)} / ${round(p95)} / ${round(visible.max)}`,
        unit: 'ms',
        goal: `p95 ≤ ${GOALS.propagationP95Ms} ms`,
        pass: ok,
      },
      {
        name: 'call of applyMetadataChange → served: median / p95 / max',
        value: `${round(total.median)} / ${round(total.p95)} / ${round(total.max)}`,
        unit: 'ms',
      },
      { name: 'applyMetadataChange itself: median / p95', value: `${round(apply.median)} / ${round(apply.p95)}`, unit: 'ms' },
      {
        name: 'answers without the field before it was served (median)',
        value: percentile(
          samples.map((s) => s.refusedBefore),
          50,
        ),
      },
      { name: 'changes never served (10 s)', value: timedOut, goal: '0', pass: timedOut === 0 },
    ],
    notes: [
      `the bench process applies the change (its own connection pool); the Atrium server process learns it by LISTEN ${'atrium_metadata'} and rebuilds the tenant's runtime on the next request; polled every ${options.pollIntervalMs} ms with a GraphQL query selecting the new field`,
    ],
    details: { samples: samples.map((s) => ({ ...s, applyMs: round(s.applyMs), visibleMs: round(s.visibleMs), totalMs: round(s.totalMs) })) },
  };
}

async function memoryScenarios(database: Database, runId: string, options: ApiOptions): Promise<ScenarioResult[]> {
  const tenants: ProbeTenant[] = [];
  const seeded = await timed(async () => {
    for (let i = 0; i <= options.tenants; i++) {
      const key = `${runId}_mem_${i}`;
      const tenant = await createTenant(database.db, { key });
      await installBundle(database.db, key, crmBundle, BENCH_ACTOR);
      const { token } = await createApiKey(database.db, key, { role: 'admin', name: 'bench' });
      tenants.push({ key, id: tenant.id, token });
      if (i % 10 === 0) log(`  ${i}/${options.tenants} CRM tenants created`);
    }
  });
  const wide = await createWideTenant(database, `${runId}_wide`, options.wide.objects, options.wide.fields, log);
  const input: ProbeInput = {
    warmup: tenants[0] as ProbeTenant,
    tenants: tenants.slice(1),
    wide: { key: wide.key, id: wide.id, token: wide.token, rebuilds: options.wide.rebuilds },
  };
  const output = await runProbe(database.url, input);
  const perTenant = output.perTenantHeapBytes;
  const memoryOk = perTenant <= GOALS.tenantHeapBytes && output.failures.length === 0;
  const mib = (bytes: number) => round(bytes / 2 ** 20, 2);
  const results: ScenarioResult[] = [
    {
      id: 'tenant-memory',
      title: `Memory per resident tenant (CRM seed, ${output.tenants} tenants)`,
      goal: `≤ ${mib(GOALS.tenantHeapBytes)} MiB of heap per tenant, query cache included`,
      pass: memoryOk,
      durationMs: Math.round(seeded.ms),
      metrics: [
        { name: 'tenants made resident (after one warm-up tenant)', value: output.tenants },
        { name: 'runtimes resident in the registry', value: output.resident },
        {
          name: 'heap used per tenant (after GC)',
          value: (perTenant / 2 ** 20).toFixed(2),
          unit: 'MiB',
          goal: `≤ ${mib(GOALS.tenantHeapBytes)} MiB`,
          pass: perTenant <= GOALS.tenantHeapBytes,
        },
        { name: 'heap used before / after', value: `${mib(output.heap.heapUsedBefore)} / ${mib(output.heap.heapUsedAfter)}`, unit: 'MiB' },
        { name: 'RSS per tenant (indicative)', value: mib(output.perTenantRssBytes), unit: 'MiB' },
        { name: 'failed requests', value: output.failures.length, goal: '0', pass: output.failures.length === 0 },
      ],
      notes: [
        'a child process (node --expose-gc) with the real server (buildServer, TenantRegistry, credential cache) driven by app.inject: per tenant 3 GraphQL queries and 1 REST list, twice each (mercurius JIT-compiles on the second use), so runtime, query cache and credential cache are filled; heapUsed after forced GC, before and after, ÷ tenants',
        `creating the ${output.tenants + 1} CRM tenants took ${round(seeded.ms / 1000)} s`,
        ...output.failures.map((f) => `FAILED: ${f}`),
      ],
      details: { ...output, wide: undefined },
    },
  ];
  if (output.wide) {
    const w = output.wide;
    const buildOk = w.medianRebuildMs <= GOALS.wideBuildMs;
    results.push({
      id: 'wide-schema',
      title: `Runtime of a tenant with ${w.objects} objects × ${options.wide.fields} fields`,
      goal: `build ≤ ${GOALS.wideBuildMs} ms`,
      pass: buildOk && w.firstBuildMs <= GOALS.wideBuildMs * 2,
      durationMs: Math.round(wide.createMs),
      metrics: [
        { name: 'objects / fields', value: `${w.objects} / ${w.fields}` },
        { name: 'GraphQL types in the schema', value: w.graphqlTypes },
        { name: 'first build (registry.get: metadata read, model, schema, mercurius)', value: round(w.firstBuildMs), unit: 'ms' },
        {
          name: `rebuild after invalidation, median of ${w.rebuildMs.length}`,
          value: round(w.medianRebuildMs),
          unit: 'ms',
          goal: `≤ ${GOALS.wideBuildMs} ms`,
          pass: buildOk,
        },
        { name: 'rebuilds', value: w.rebuildMs.map((m) => round(m)).join(', '), unit: 'ms' },
        { name: 'heap of the resident runtime (after one query, GC)', value: mib(w.heapBytes), unit: 'MiB' },
        { name: 'first query after the build', value: round(w.queryMs), unit: 'ms' },
        ...Object.entries(w.steps).map(([step, ms]) => ({ name: `  step: ${step}`, value: round(ms), unit: 'ms' })),
      ],
      notes: [`creating the tenant (${w.objects} createObject in revisions of 50) took ${round(wide.createMs / 1000)} s`],
      details: { ...w, createMs: round(wide.createMs) },
    });
  }
  return results;
}

async function runProbe(databaseUrl: string, input: ProbeInput): Promise<ProbeOutput> {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', 'tests/bench/api/memory-probe.ts'], {
    cwd: workspaceRoot(),
    env: { ...process.env, DATABASE_URL: databaseUrl, MEMORY_PROBE: JSON.stringify(input) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const line = stdout.trim().split('\n').at(-1);
  if (code !== 0 || !line) throw new Error(`the memory probe exited with ${code}`);
  return JSON.parse(line) as ProbeOutput;
}

function overviewTable(summary: ApiSummary): string {
  const rows: string[][] = [];
  for (const s of summary.scenarios) {
    const runs = (s.details?.runs ?? []) as Array<Record<string, unknown>>;
    if (runs.length) {
      for (const r of runs) {
        const c = r.cpuPerRequestUs as { server: number; postgres: number } | null;
        rows.push([
          s.title.split(' (')[0] as string,
          `${r.label}${String(r.role).endsWith('-latency') ? ` @${r.connections}c` : ''}`,
          String(r.rps),
          `${r.p50} / ${r.p95} / ${r.p99}`,
          c ? `${c.server} + ${c.postgres}` : '',
          String(r.failed),
        ]);
      }
    }
  }
  const headers = ['scenario', 'server', 'req/s', 'p50 / p95 / p99 ms', 'CPU µs/req: server + PostgreSQL', 'failed'];
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const goals = summary.scenarios.map((s) => `  ${status(s.pass).padEnd(4)} ${s.title} — ${s.goal}`);
  return [
    `Atrium API benchmark — ${summary.startedAt}${summary.quick ? ' (--quick: small data, not for quoting)' : ''}`,
    `machine ${summary.machine.cpus} × ${summary.machine.cpuModel}, ${summary.machine.memoryGiB} GiB, Node ${summary.machine.node}, ${summary.machine.postgres.split(' on ')[0]}; load average ${summary.machine.loadAverage.start} at the start, ${summary.machine.loadAverage.end} at the end`,
    '',
    line(headers),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map(line),
    '',
    ...goals,
  ].join('\n');
}
