import { writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createApiKey } from '@atrium/platform';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../../e2e/support/browser.ts';
import { type E2eServer, startE2eServer } from '../../e2e/support/server.ts';
import { createE2eTenant, type E2eUser } from '../../e2e/support/tenant.ts';
import { type BenchServer, openBenchServer } from '../metadata/bench-server.ts';
import { median, round } from '../metadata/stats.ts';
import { type BaselinePage, startBaselinePage } from './baseline-page.ts';

export const RESULTS_FILE = fileURLToPath(new URL('../results/web-latest.json', import.meta.url));

export const webUsage = `pnpm bench web [--rounds N]
  The first paint of the workspace's list of 50 opportunities (production build in Debian's
  Chromium): from the navigation's start to the 50th row on screen, with nothing cached (a new
  browser context) and with the code cached (the next navigation), each against a hand-written
  page that fetches the same 50 records from the same REST API into a plain table, measured in
  turns in the same run. Prints a table and a JSON summary (also in tests/bench/results/web-latest.json).
  Goal: under 1,000 ms with the code cached. Needs the web app's build (pnpm --filter @atrium/designer build).
  Exit code 0 when the goal is met, 1 when missed, 2 on bad arguments.`;

const GOAL_MS = 1000;
const APP_ROWS = '.ant-table-tbody > tr.ant-table-row';
const BASELINE_ROWS = 'tbody > tr';

const log = (line: string): void => {
  process.stderr.write(`[bench] ${line}\n`);
};

/** Milliseconds from the navigation's start until the 50th row is on screen with its text. */
async function firstPaint(page: Page, url: string, rows: string): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(
    (selector) => {
      const found = document.querySelectorAll(selector);
      const last = found[49] as HTMLElement | undefined;
      return last && (last.textContent ?? '').trim() !== '' && last.getBoundingClientRect().height > 0 ? performance.now() : false;
    },
    rows,
    { polling: 'raf', timeout: 30_000 },
  );
  return (await handle.jsonValue()) as number;
}

interface Target {
  name: 'app' | 'baseline';
  url: string;
  rows: string;
}

interface Samples {
  cold: number[];
  warm: number[];
}

async function signIn(context: BrowserContext, server: E2eServer, user: E2eUser, tenant: string): Promise<void> {
  const page = await context.newPage();
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByLabel('Tenant').fill(tenant);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: user.displayName }).waitFor();
  await page.close();
}

function parseRounds(args: string[]): number | string {
  if (args.length === 0) return 7;
  if (args.length === 2 && args[0] === '--rounds' && /^\d+$/.test(args[1] ?? '') && Number(args[1]) > 0) return Number(args[1]);
  return `unknown arguments: ${args.join(' ')}`;
}

/** `pnpm bench web`: returns the process exit code. */
export async function runWebBench(args: string[]): Promise<number> {
  const rounds = parseRounds(args);
  if (typeof rounds === 'string') {
    process.stderr.write(`${rounds}\n\n${webUsage}\n`);
    return 2;
  }
  const runId = `bench_${Date.now().toString(36)}`;
  let database: BenchServer | undefined;
  let server: E2eServer | undefined;
  let baseline: BaselinePage | undefined;
  let browser: Browser | undefined;
  try {
    database = await openBenchServer({ tenantPrefix: `${runId}_`, log });
    server = await startE2eServer(database.database.url);
    log('creating a tenant with the CRM seed and demo records…');
    const tenant = await createE2eTenant(server, { prefix: `${runId}_web`, seed: 'crm', demo: true });
    const admin = await tenant.addUser({ displayName: 'Bench Admin', role: 'admin' });
    const { token } = await createApiKey(server.database.db, tenant.key, { role: 'admin', name: 'web bench baseline' });
    baseline = await startBaselinePage(server.url, token);
    browser = await launchChromium();
    const signedIn = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    await signIn(signedIn, server, admin, tenant.key);
    const state = await signedIn.storageState();
    await signedIn.close();

    const targets: Target[] = [
      { name: 'app', url: `${server.url}/app/opportunity`, rows: APP_ROWS },
      { name: 'baseline', url: baseline.url, rows: BASELINE_ROWS },
    ];
    const samples: Record<Target['name'], Samples> = { app: { cold: [], warm: [] }, baseline: { cold: [], warm: [] } };
    // One warm-up visit each (the server's first schema build, the disk cache), then rounds in turns.
    for (const round of [-1, ...Array.from({ length: rounds }, (_, i) => i)]) {
      for (const target of targets) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US', storageState: state });
        const page = await context.newPage();
        const cold = await firstPaint(page, target.url, target.rows);
        const warm = await firstPaint(page, target.url, target.rows);
        await context.close();
        if (round < 0) continue;
        samples[target.name].cold.push(cold);
        samples[target.name].warm.push(warm);
        log(`round ${round + 1}/${rounds} ${target.name}: nothing cached ${cold.toFixed(0)} ms, code cached ${warm.toFixed(0)} ms`);
      }
    }

    const row = (kind: keyof Samples) => {
      const app = median(samples.app[kind]);
      const floor = median(samples.baseline[kind]);
      return { appMs: round(app, 0), baselineMs: round(floor, 0), ratio: round(app / floor, 2), samplesMs: samples.app[kind].map((v) => round(v, 0)) };
    };
    const summary = {
      benchmark: 'web',
      at: new Date().toISOString(),
      rounds,
      loadAverage: round(loadavg()[0] ?? 0, 1),
      cores: availableParallelism(),
      goalMs: GOAL_MS,
      cold: row('cold'),
      warm: row('warm'),
      goalMet: row('warm').appMs < GOAL_MS,
    };
    const line = (label: string, r: typeof summary.cold) =>
      `${label.padEnd(34)} ${String(r.appMs).padStart(8)} ${String(r.baselineMs).padStart(10)} ${r.ratio.toFixed(2).padStart(7)}`;
    process.stdout.write(
      [
        `first paint of 50 opportunities, median of ${rounds} (ms)      app   baseline   ratio`,
        line('nothing cached (new context)', summary.cold),
        line('code cached (next navigation)', summary.warm),
        `goal: under ${GOAL_MS} ms with the code cached — ${summary.goalMet ? 'met' : 'MISSED'} (load average ${summary.loadAverage} on ${summary.cores} cores)`,
        JSON.stringify(summary),
        '',
      ].join('\n'),
    );
    writeFileSync(RESULTS_FILE, `${JSON.stringify(summary, null, 2)}\n`);
    return summary.goalMet ? 0 : 1;
  } finally {
    await browser?.close();
    await baseline?.close();
    await server?.close();
    await database?.dispose();
  }
}
