import { type RawBuilder, sql } from 'kysely';

/** json_build_object takes at most 100 arguments: wider objects are built in pieces (DESIGN.md §3). */
const PAIRS_PER_CALL = 50;

/** A JSON object from (key, value) pairs; keys are API names or GraphQL response keys. */
export function jsonObject(pairs: Array<[string, RawBuilder<unknown>]>): RawBuilder<unknown> {
  const args = (chunk: Array<[string, RawBuilder<unknown>]>) => sql.join(chunk.flatMap(([key, value]) => [sql.lit(key), value]));
  if (pairs.length <= PAIRS_PER_CALL) return sql`json_build_object(${args(pairs)})`;
  const pieces: RawBuilder<unknown>[] = [];
  for (let i = 0; i < pairs.length; i += PAIRS_PER_CALL) pieces.push(sql`jsonb_build_object(${args(pairs.slice(i, i + PAIRS_PER_CALL))})`);
  return sql`(${sql.join(pieces, sql` || `)})::json`;
}
