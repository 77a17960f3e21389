import { randomUUID } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import pg from 'pg';
import { now, sleep } from '../stats.ts';
import { LockMonitor } from './lock-monitor.ts';
import type { FromWorker, LoadConfig, RequestKind, RequestSample, ToWorker } from './protocol.ts';

/**
 * The load worker thread: reader and writer loops on their own connections, plus the lock
 * monitor. Running apart from the main thread, its timings are not disturbed by the CPU work
 * of the metadata change (validation, planning) happening meanwhile.
 */

interface Query {
  kind: RequestKind;
  text: string;
  values: unknown[];
}

const port = parentPort;
if (!port) throw new Error('load-worker.ts runs as a worker thread');

let running = true;
let fillColumn: string | undefined;
const samples: RequestSample[] = [];

/** Same quoting as the platform's (not imported: the worker stays light). */
const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;

const send = (message: FromWorker): void => port.postMessage(message);
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

port.on('message', (message: ToWorker) => {
  if (message.type === 'start') void run(message.config).catch((error: unknown) => send({ type: 'failed', message: (error as Error).stack ?? String(error) }));
  else if (message.type === 'fill') fillColumn = message.column;
  else running = false;
});

async function connect(config: LoadConfig, name: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: config.url, application_name: `atrium-bench-${name}`, statement_timeout: 30_000 });
  await client.connect();
  return client;
}

async function run(config: LoadConfig): Promise<void> {
  const readers = await Promise.all(Array.from({ length: config.readers }, (_, i) => connect(config, `reader${i}`)));
  const writers = await Promise.all(Array.from({ length: config.writers }, (_, i) => connect(config, `writer${i}`)));
  const monitor = new LockMonitor(await connect(config, 'lock-monitor'), config.tableOid, config.monitorIntervalMs);
  const queries = queryBuilders(config);
  send({ type: 'ready' });
  monitor.start();
  await Promise.all([
    ...readers.map((client, i) => loop(client, config.pauseMs, i % 2 === 0 ? [queries.readById, queries.readRange] : [queries.readRange, queries.readById])),
    ...writers.map((client, i) => loop(client, config.pauseMs, i % 2 === 0 ? [queries.update, queries.insert] : [queries.insert, queries.update])),
  ]);
  await monitor.stop();
  const clients: pg.Client[] = [...readers, ...writers];
  await Promise.all(clients.map((c) => c.end()));
  send({ type: 'results', results: { requests: samples, locks: monitor.samples } });
  port?.close();
}

/** Runs the given queries in turn until stopped, recording every request. */
async function loop(client: pg.Client, pauseMs: number, rotation: Array<() => Query>): Promise<void> {
  for (let n = 0; running; n++) {
    const query = (rotation[n % rotation.length] as () => Query)();
    const start = now();
    try {
      await client.query(query.text, query.values);
      samples.push({ kind: query.kind, start, ms: now() - start });
    } catch (error) {
      const { code, message } = error as { code?: string; message?: string };
      samples.push({ kind: query.kind, start, ms: now() - start, error: code ?? 'client', message: message ?? String(error) });
    }
    await sleep(pauseMs);
  }
}

function queryBuilders(config: LoadConfig): Record<'readById' | 'readRange' | 'update' | 'insert', () => Query> {
  const q = quoteIdent;
  const { name, amount, stage, closeDate } = config.columns;
  // Explicit columns, as the runtime's compiled SQL has: `select *` would change shape with every new field.
  const columns = `"id", ${q(name)}, ${q(amount)}, ${q(stage)}, ${q(closeDate)}, "row_version"`;
  let inserted = 0;
  return {
    readById: () => ({
      kind: 'readById',
      text: `select ${columns} from ${config.qualified} where "id" = $1 and "deleted_at" is null`,
      values: [pick(config.ids)],
    }),
    readRange: () => ({
      kind: 'readRange',
      text: `select ${columns} from ${config.qualified} where "id" >= $1 and "deleted_at" is null order by "id" limit 20`,
      values: [pick(config.ids)],
    }),
    update: () => {
      const fill = fillColumn ? `, ${q(fillColumn)} = coalesce(${q(fillColumn)}, 'filled')` : '';
      return {
        kind: 'update',
        text: `update ${config.qualified} set ${q(amount)} = $2, "updated_at" = now(), "row_version" = "row_version" + 1${fill} where "id" = $1`,
        values: [pick(config.ids), Math.round(Math.random() * 1_000_000) / 100],
      };
    },
    insert: () => {
      inserted += 1;
      const fill = fillColumn ? { column: `, ${q(fillColumn)}`, value: `, 'filled'` } : { column: '', value: '' };
      return {
        kind: 'insert',
        text: `insert into ${config.qualified} ("id", ${q(name)}, ${q(amount)}, ${q(stage)}, ${q(closeDate)}${fill.column}) values ($1, $2, $3, $4, $5${fill.value})`,
        values: [randomUUID(), `Bench deal ${inserted}`, Math.round(Math.random() * 1_000_000) / 100, pick(config.stages), '2025-06-30'],
      };
    },
  };
}
