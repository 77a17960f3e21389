import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccessProfile } from '../access/access-profile.ts';
import type { ObjectModel } from '../model/tenant-model.ts';
import { queryContext } from '../query/aliases.ts';
import { compileConnection } from '../query/list/compile-connection.ts';
import { type ListArgs, MAX_PAGE_SIZE, type NodeSelection } from '../query/selection.ts';
import type { ApiServices } from '../server/request-context.ts';
import type { TenantRuntime } from '../tenancy/tenant-registry.ts';

const BATCH = MAX_PAGE_SIZE;
/** Exports stop at this many rows (a report, not a backup). */
export const CSV_ROW_LIMIT = 1_000_000;

export function wantsCsv(request: FastifyRequest): boolean {
  return /\btext\/csv\b/i.test(request.headers.accept ?? '');
}

/**
 * A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR at the start) is
 * prefixed with `'` (OWASP's advice against CSV injection).
 */
export function safeCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/**
 * Streams a list as CSV: the header, then batches of 500 rows read with keyset cursors (the same
 * filter and sort as the JSON list), so memory stays flat whatever the size.
 */
export async function streamCsv(
  services: ApiServices,
  runtime: TenantRuntime,
  access: AccessProfile,
  object: ObjectModel,
  args: ListArgs,
  selection: NodeSelection,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const keys = selection.items.map((i) => i.key);
  // The first batch runs before the response starts, so a bad filter is still a clean 400.
  const first = await page(services, runtime, access, object, { ...args, first: BATCH, after: args.after }, selection);
  async function* rows(): AsyncGenerator<string> {
    yield stringify([keys]);
    let current = first;
    let sent = 0;
    for (;;) {
      const lines = current.data.map((record) => keys.map((k) => safeCell(record[k])));
      if (lines.length) yield stringify(lines);
      sent += lines.length;
      if (!current.hasMore || !current.endCursor || sent >= CSV_ROW_LIMIT) return;
      current = await page(services, runtime, access, object, { ...args, first: BATCH, after: current.endCursor }, selection);
    }
  }
  return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${object.pluralApiName}.csv"`).send(Readable.from(rows()));
}

async function page(services: ApiServices, runtime: TenantRuntime, access: AccessProfile, object: ObjectModel, args: ListArgs, selection: NodeSelection) {
  const { first: _first, last: _last, before: _before, ...rest } = args;
  const statement = compileConnection(
    queryContext(runtime.model, new Date(), access),
    object,
    { ...rest, first: BATCH },
    {
      items: [
        { kind: 'nodes', key: 'data', selection },
        {
          kind: 'pageInfo',
          key: 'page',
          fields: [
            { key: 'hasMore', name: 'hasNextPage' },
            { key: 'endCursor', name: 'endCursor' },
          ],
        },
      ],
    },
  );
  const result = await statement.execute(services.database.db);
  const v = (result.rows[0] as { v: { data: Record<string, unknown>[]; page: { hasMore: boolean; endCursor: string | null } } }).v;
  return { data: v.data, hasMore: v.page.hasMore, endCursor: v.page.endCursor };
}
