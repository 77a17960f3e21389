import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** One measured figure of a scenario; `goal`/`pass` only where a goal applies to it. */
export interface Metric {
  name: string;
  value: number | string | boolean;
  unit?: string;
  goal?: string;
  pass?: boolean;
}

export interface ScenarioResult {
  id: string;
  title: string;
  goal: string;
  pass: boolean;
  durationMs: number;
  metrics: Metric[];
  notes: string[];
  /** Set when the scenario could not run to the end. */
  error?: string;
  /** Raw figures for the JSON summary (not printed). */
  details?: Record<string, unknown>;
}

export interface ServerInfo {
  kind: 'DATABASE_URL' | 'local' | 'embedded';
  /** Connection string without its password. */
  url: string;
  version: string;
  database: string;
}

export interface BenchSummary {
  bench: 'metadata';
  startedAt: string;
  durationMs: number;
  pass: boolean;
  machine: { cpus: number; node: string; platform: string };
  server: ServerInfo | null;
  scenarios: ScenarioResult[];
}

export const status = (pass: boolean | undefined): string => (pass === undefined ? '' : pass ? 'PASS' : 'MISS');

function formatValue(metric: Metric): string {
  const { value, unit } = metric;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') {
    const shown = Number.isInteger(value) ? value.toLocaleString('en-US') : value.toLocaleString('en-US', { maximumFractionDigits: 1 });
    return unit ? `${shown} ${unit}` : shown;
  }
  return unit ? `${value} ${unit}` : value;
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

/** A scenario as a block of text: heading with its verdict, the figures, notes. */
export function formatScenario(result: ScenarioResult, index: number): string {
  const heading = `${index}. ${result.title}  [${status(result.pass)}]  (goal: ${result.goal}; ran ${(result.durationMs / 1000).toFixed(1)} s)`;
  const rows = result.metrics.map((m) => [m.name, formatValue(m), m.goal ?? '', status(m.pass)]);
  const parts = [heading, table(['metric', 'value', 'goal', 'status'], rows)];
  if (result.error) parts.push(`  ERROR: ${result.error}`);
  for (const note of result.notes) parts.push(`  - ${note}`);
  return parts.join('\n');
}

export function formatSummary(summary: BenchSummary): string {
  const server = summary.server ? `${summary.server.kind}: ${summary.server.url} — ${summary.server.version}` : 'none';
  const rows = summary.scenarios.map((s, i) => [`${i + 1}. ${s.title}`, s.goal, status(s.pass)]);
  return [
    `Atrium metadata benchmark — ${summary.startedAt}`,
    `server  ${server}`,
    `machine ${summary.machine.cpus} CPUs, Node ${summary.machine.node}, ${summary.machine.platform}`,
    '',
    table(['scenario', 'goal', 'status'], rows),
    '',
    `overall: ${status(summary.pass)} in ${(summary.durationMs / 1000).toFixed(1)} s`,
  ].join('\n');
}

export function writeSummary(file: string, summary: BenchSummary): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(summary, null, 2)}\n`);
}

/** An error's message, with the details Atrium errors carry (which path of the metadata failed). */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const details = (error as { details?: Array<{ path?: string; message?: string }> }).details;
  const shown = (details ?? []).slice(0, 3).map((d) => `${d.path ?? ''}: ${d.message ?? ''}`);
  return shown.length ? `${error.message} (${shown.join('; ')})` : error.message;
}
