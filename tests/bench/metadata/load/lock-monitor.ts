import type pg from 'pg';
import { now, sleep } from '../stats.ts';
import type { LockSample } from './protocol.ts';

/**
 * Polls pg_locks every `intervalMs` from its own connection for an AccessExclusiveLock on one
 * table (by oid: no name lookup, so the monitor itself never waits for the table).
 */
export class LockMonitor {
  readonly samples: LockSample[] = [];
  private running = true;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly client: pg.Client,
    private readonly tableOid: number,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.loop = this.run();
  }

  /** Stops polling and closes the connection. */
  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    await this.client.end();
  }

  private async run(): Promise<void> {
    const text = `select coalesce(bool_or(granted), false) as held, coalesce(bool_or(not granted), false) as waiting
                    from pg_locks where locktype = 'relation' and relation = $1 and mode = 'AccessExclusiveLock'`;
    while (this.running) {
      const before = now();
      const { rows } = await this.client.query<{ held: boolean; waiting: boolean }>({ text, values: [this.tableOid], name: 'bench-lock-poll' });
      const after = now();
      this.samples.push({ at: (before + after) / 2, held: rows[0]?.held ?? false, waiting: rows[0]?.waiting ?? false });
      const rest = this.intervalMs - (after - before);
      if (rest > 0) await sleep(rest);
    }
  }
}
