import { createTenant, installBundle } from '@atrium/platform';
import { crmBundle } from '@atrium/seeds';
import { BENCH_ACTOR, type BenchContext } from './context.ts';
import type { ScenarioResult } from './report.ts';
import { median, percentile, round, timed } from './stats.ts';

const GOAL_MS = 1000;

interface SeedRun {
  createMs: number;
  installMs: number;
  totalMs: number;
  ddlStatements: number;
}

/** Scenario 1: createTenant + installBundle(crm), `runs` times on fresh tenant keys, after one warm-up. */
export async function benchTenantSeed(ctx: BenchContext, runs = 10): Promise<Omit<ScenarioResult, 'durationMs'>> {
  const seedRun = async (key: string): Promise<SeedRun> => {
    const created = await timed(() => createTenant(ctx.database.db, { key }));
    const installed = await timed(() => installBundle(ctx.database.db, key, crmBundle, BENCH_ACTOR));
    if (!installed.result.applied) throw new Error(`the CRM bundle was not applied to tenant ${key}`);
    return { createMs: created.ms, installMs: installed.ms, totalMs: created.ms + installed.ms, ddlStatements: installed.result.plan.ddl.length };
  };

  // The first run in a process also compiles validators and warms caches: reported apart.
  const warmUp = await seedRun(ctx.tenantKey('seed_warmup'));
  const measured: SeedRun[] = [];
  for (let i = 1; i <= runs; i++) {
    measured.push(await seedRun(ctx.tenantKey(`seed_${i}`)));
    ctx.log(`  tenant ${i}/${runs}: ${measured.at(-1)?.totalMs.toFixed(0)} ms`);
  }
  const totals = measured.map((r) => r.totalMs);
  const p50 = median(totals);
  const p95 = percentile(totals, 95);
  const fields = crmBundle.objects.reduce((n, o) => n + o.fields.length, 0);
  return {
    id: 'tenant-seed',
    title: 'Create a tenant with the CRM seed',
    goal: `createTenant + installBundle(crm) p95 ≤ ${GOAL_MS} ms`,
    pass: p95 <= GOAL_MS,
    metrics: [
      { name: 'runs (fresh tenant keys)', value: runs },
      { name: 'median createTenant + installBundle', value: round(p50), unit: 'ms', goal: `≤ ${GOAL_MS} ms`, pass: p50 <= GOAL_MS },
      { name: 'p95 createTenant + installBundle', value: round(p95), unit: 'ms', goal: `≤ ${GOAL_MS} ms`, pass: p95 <= GOAL_MS },
      { name: 'min / max', value: `${round(Math.min(...totals))} / ${round(Math.max(...totals))}`, unit: 'ms' },
      { name: 'median createTenant', value: round(median(measured.map((r) => r.createMs))), unit: 'ms' },
      { name: 'median installBundle', value: round(median(measured.map((r) => r.installMs))), unit: 'ms' },
      { name: 'first run in the process (warm-up, not counted)', value: round(warmUp.totalMs), unit: 'ms' },
      { name: 'DDL statements per install', value: warmUp.ddlStatements },
    ],
    notes: [
      `CRM bundle: ${crmBundle.objects.length} objects, ${fields} fields, ${crmBundle.layouts.length} layouts, ${crmBundle.pipelines.length} pipelines, ${crmBundle.validationRules.length} validation rules`,
    ],
    details: { warmUp, runs: measured.map((r) => ({ createMs: round(r.createMs), installMs: round(r.installMs), totalMs: round(r.totalMs) })) },
  };
}
