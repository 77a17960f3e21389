/**
 * `pnpm bench <name> [args]`: Atrium's benchmarks (not part of CI; sized for a 2-core machine).
 * Each benchmark prints a table and a JSON summary on stdout, progress on stderr.
 */
import { apiUsage, runApiBench } from './api/run.ts';
import { metadataUsage, runMetadataBench } from './metadata/run.ts';
import { runWebBench, webUsage } from './web/run.ts';

interface Bench {
  description: string;
  usage: string;
  run(args: string[]): Promise<number>;
}

const benches: Record<string, Bench> = {
  metadata: { description: 'metadata changes: tenant seeding, fields added under load, wide objects', usage: metadataUsage, run: runMetadataBench },
  api: { description: 'the generated APIs vs a hand-written baseline, tenant memory, schema builds, change propagation', usage: apiUsage, run: runApiBench },
  web: { description: "the workspace list's first paint in Chromium vs a hand-written page", usage: webUsage, run: runWebBench },
};

function usage(): string {
  const list = Object.entries(benches).map(([name, bench]) => `  ${name.padEnd(10)} ${bench.description}`);
  return ['usage: pnpm bench <name> [args]', '', 'benchmarks:', ...list, '', ...Object.values(benches).map((b) => b.usage)].join('\n');
}

const [name, ...args] = process.argv.slice(2);
const bench = name === undefined ? undefined : benches[name];
if (!bench) {
  if (name !== undefined && name !== '--help' && name !== '-h') process.stderr.write(`unknown benchmark "${name}"\n\n`);
  process.stderr.write(`${usage()}\n`);
  process.exitCode = name === '--help' || name === '-h' ? 0 : 2;
} else {
  process.exitCode = await bench.run(args);
}
