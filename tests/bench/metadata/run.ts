import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { addFieldDefaults, benchAddFieldUnderLoad } from './add-field-under-load.ts';
import { type BenchServer, openBenchServer } from './bench-server.ts';
import type { BenchContext } from './context.ts';
import { type BenchSummary, describeError, formatScenario, formatSummary, type ScenarioResult, writeSummary } from './report.ts';
import { benchTenantSeed } from './tenant-seed.ts';
import { benchWideObject, wideObjectDefaults } from './wide-object.ts';

type ScenarioRun = (ctx: BenchContext) => Promise<Omit<ScenarioResult, 'durationMs'>>;

interface Scenario {
  id: string;
  title: string;
  run: ScenarioRun;
}

const SCENARIOS: Scenario[] = [
  { id: 'tenant-seed', title: 'Create a tenant with the CRM seed', run: (ctx) => benchTenantSeed(ctx, 10) },
  { id: 'add-field-under-load', title: 'Add fields to a 1,000,000-row object under load', run: (ctx) => benchAddFieldUnderLoad(ctx, addFieldDefaults) },
  { id: 'wide-object', title: 'An object with 800 fields', run: (ctx) => benchWideObject(ctx, wideObjectDefaults) },
];

export const RESULTS_FILE = fileURLToPath(new URL('../results/metadata-latest.json', import.meta.url));

export const metadataUsage = `pnpm bench metadata [--embedded] [${SCENARIOS.map((s) => s.id).join('|')} ...]
  Runs the metadata benchmarks (all scenarios unless some are named) and prints a table and a
  JSON summary; the summary is also written to tests/bench/results/metadata-latest.json.
  Server: DATABASE_URL if set, else a fresh database on postgres://postgres@127.0.0.1:5432
  (dropped afterwards), else (or with --embedded) the embedded PostgreSQL in a temporary home.
  Exit code 0 when every goal is met, 1 when one is missed, 2 on bad arguments.`;

const log = (line: string): void => {
  process.stderr.write(`[bench] ${line}\n`);
};

/** `pnpm bench metadata`: returns the process exit code. */
export async function runMetadataBench(args: string[]): Promise<number> {
  const forceEmbedded = args.includes('--embedded');
  const names = args.filter((a) => a !== '--embedded');
  const unknown = names.filter((n) => !SCENARIOS.some((s) => s.id === n));
  if (unknown.length > 0) {
    process.stderr.write(`unknown scenario or option: ${unknown.join(', ')}\n\n${metadataUsage}\n`);
    return 2;
  }
  const selected = names.length ? SCENARIOS.filter((s) => names.includes(s.id)) : SCENARIOS;
  const startedAt = new Date();
  const started = performance.now();
  const runId = `bench_${startedAt.getTime().toString(36)}`;

  let server: BenchServer | undefined;
  const scenarios: ScenarioResult[] = [];
  try {
    server = await openBenchServer({ tenantPrefix: `${runId}_`, forceEmbedded, log });
    log(`server: ${server.info.kind} ${server.info.url} — ${server.info.version}`);
    const ctx: BenchContext = { database: server.database, tenantKey: (name) => `${runId}_${name}`, log };
    for (const scenario of selected) {
      log(`${scenario.title}…`);
      scenarios.push(await runScenario(scenario, ctx));
    }
  } finally {
    if (server) {
      log('cleaning up…');
      await server.dispose().catch((error: unknown) => log(`cleanup failed: ${describeError(error)}`));
    }
  }

  const summary: BenchSummary = {
    bench: 'metadata',
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - started),
    pass: scenarios.every((s) => s.pass),
    machine: { cpus: cpus().length, node: process.version, platform: `${process.platform}-${process.arch}` },
    server: server?.info ?? null,
    scenarios,
  };
  const out = scenarios.flatMap((s, i) => [formatScenario(s, i + 1), '']);
  out.push(formatSummary(summary), '', JSON.stringify(summary, null, 2));
  process.stdout.write(`${out.join('\n')}\n`);
  writeSummary(RESULTS_FILE, summary);
  log(`results written to ${RESULTS_FILE}`);
  return summary.pass ? 0 : 1;
}

async function runScenario(scenario: Scenario, ctx: BenchContext): Promise<ScenarioResult> {
  const start = performance.now();
  try {
    const result = await scenario.run(ctx);
    return { ...result, durationMs: Math.round(performance.now() - start) };
  } catch (error) {
    log(`${scenario.title} failed: ${describeError(error)}`);
    return {
      id: scenario.id,
      title: scenario.title,
      goal: 'runs to the end',
      pass: false,
      durationMs: Math.round(performance.now() - start),
      metrics: [],
      notes: [],
      error: describeError(error),
    };
  }
}
