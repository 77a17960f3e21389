/**
 * Numbers across magnitudes: float8 arithmetic is JavaScript's bit for bit, `%` is exact, and
 * numbers turn into text as `String(number)` does.
 */
import type { JsonLogic } from '@atrium/metadata';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../database/database.ts';
import { openTestDatabase } from '../testing/test-database.ts';
import { type AgreementCase, disagreements } from './agreement-harness.ts';
import type { SqlType } from './index.ts';

/** A reproducible mix: integers, decimals, powers of ten from 1e-150 to 1e150 and the edges of notation. */
function numbers(count: number): number[] {
  let seed = 42;
  const random = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  const edges = [
    0,
    1,
    -1,
    0.1,
    0.2,
    0.3,
    1e-7,
    1.5e-7,
    1e-6,
    123e-7,
    1e15,
    1e16,
    1e20,
    1e21,
    1.2345e21,
    2 ** 53,
    2 ** 53 + 2,
    1e-310,
    5e-324,
    1.7976931348623157e308,
  ];
  const out = [...edges];
  while (out.length < count) {
    const kind = Math.floor(random() * 4);
    const sign = random() < 0.3 ? -1 : 1;
    if (kind === 0) out.push(sign * Math.floor(random() * 1e6));
    else if (kind === 1) out.push((sign * Math.round(random() * 1e6)) / 100);
    else if (kind === 2) out.push(sign * random() * 10 ** Math.floor(random() * 50 - 25));
    else out.push(sign * random() * 10 ** Math.floor(random() * 300 - 150));
  }
  return out;
}

const TYPES: Record<string, SqlType> = { n: 'number', m: 'number' };
const n = { var: 'n' };
const m = { var: 'm' };

let database: Database;

beforeAll(async () => {
  database = await openTestDatabase(2);
});

afterAll(async () => {
  await database.close();
});

it('prints numbers as JavaScript does', async () => {
  const cases: AgreementCase[] = numbers(400).map((value) => ({ rule: { cat: [n] }, data: { n: value }, types: TYPES }));
  expect(await disagreements(database.db as unknown as Kysely<unknown>, cases)).toEqual([]);
});

it('computes + - * / % min and comparisons as JavaScript does', async () => {
  const values = numbers(200).filter((x) => Math.abs(x) < 1e150 && (x === 0 || Math.abs(x) > 1e-150));
  const rules: JsonLogic[] = [
    { '+': [n, m] },
    { '-': [n, m] },
    { '*': [n, m] },
    { '/': [n, m] },
    { '%': [n, m] },
    { '%': [m, n] },
    { min: [n, m] },
    { '<': [n, m] },
    { '==': [{ '+': [n, m] }, { '+': [m, n] }] },
  ];
  const cases: AgreementCase[] = values.flatMap((x, i) => {
    const y = values[(i * 7 + 3) % values.length] as number;
    return rules.map((rule) => ({ rule, data: { n: x, m: y }, types: TYPES }));
  });
  expect(await disagreements(database.db as unknown as Kysely<unknown>, cases)).toEqual([]);
});
