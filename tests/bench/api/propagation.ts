import type { Database } from '@atrium/platform';
import { field } from '../metadata/field-defs.ts';
import { changeMetadata } from '../metadata/metadata-change.ts';
import { sleep } from '../metadata/stats.ts';

export interface PropagationOptions {
  changes: number;
  pollIntervalMs: number;
  /** Give up on one change after this long. */
  timeoutMs: number;
}

export const propagationDefaults: PropagationOptions = { changes: 30, pollIntervalMs: 2, timeoutMs: 10_000 };

export interface PropagationSample {
  field: string;
  /** applyMetadataChange, from call to return (the commit and its NOTIFY are inside). */
  applyMs: number;
  /** From applyMetadataChange's return to the first answer of the server process with the field. */
  visibleMs: number;
  /** From applyMetadataChange's call to that answer. */
  totalMs: number;
  polls: number;
  /** The answers before (the field unknown to the server's schema). */
  refusedBefore: number;
  timedOut: boolean;
}

/**
 * Adds `changes` fields to `opportunity`, one revision each, from this process, and polls the
 * server process (a GraphQL query selecting the new field) until it answers with it.
 */
export async function measurePropagation(
  database: Database,
  server: { url: string; token: string; tenantKey: string; recordId: string },
  options: PropagationOptions,
  log: (line: string) => void,
): Promise<PropagationSample[]> {
  const samples: PropagationSample[] = [];
  const runTag = Date.now().toString(36);
  const headers = { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' };
  for (let i = 1; i <= options.changes; i++) {
    const apiName = `benchNote${runTag}${i}`;
    const body = JSON.stringify({ query: `query($id: ID!) { opportunity(id: $id) { id ${apiName} } }`, variables: { id: server.recordId } });
    const start = performance.now();
    await changeMetadata(database, server.tenantKey, [
      { op: 'addField', object: 'opportunity', field: field(`fld_bench_note_${runTag}_${i}`, apiName, 'text') },
    ]);
    const applied = performance.now();
    let polls = 0;
    let refused = 0;
    let seenAt: number | undefined;
    while (performance.now() - applied < options.timeoutMs) {
      polls += 1;
      const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers, body });
      const text = await response.text();
      if (response.status === 200 && text.startsWith('{"data":') && !text.includes('"errors"')) {
        seenAt = performance.now();
        break;
      }
      refused += 1;
      await sleep(options.pollIntervalMs);
    }
    const end = seenAt ?? performance.now();
    samples.push({
      field: apiName,
      applyMs: applied - start,
      visibleMs: end - applied,
      totalMs: end - start,
      polls,
      refusedBefore: refused,
      timedOut: seenAt === undefined,
    });
    if (i % 10 === 0) log(`  ${i}/${options.changes} changes`);
    await sleep(50);
  }
  return samples;
}
