/**
 * Compiled rules inside real queries: over table columns (formula values in the select list,
 * conditions in WHERE, a formula in GROUP BY), and whatever the session's TimeZone and
 * extra_float_digits are.
 */
import type { JsonLogic } from '@atrium/metadata';
import { isTruthy } from '@atrium/metadata';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../database/database.ts';
import { openTestDatabase } from '../testing/test-database.ts';
import { evaluateJs, NOW, normalize, TIME_ZONE } from './agreement-harness.ts';
import { compileCondition, compileRule, type RuleScope, type SqlType } from './index.ts';

const TABLE = `rule_sql_${process.pid}_${Date.now().toString(36)}`;

const COLUMNS: Record<string, { column: string; type: SqlType; ddl: string }> = {
  'amount.amount': { column: 'amount_amount', type: 'number', ddl: 'numeric(18,2)' },
  probability: { column: 'probability', type: 'number', ddl: 'numeric' },
  employees: { column: 'employees', type: 'number', ddl: 'bigint' },
  stage: { column: 'stage', type: 'text', ddl: 'text' },
  account: { column: 'account_id', type: 'text', ddl: 'uuid' },
  closeDate: { column: 'close_date', type: 'date', ddl: 'date' },
  startAt: { column: 'start_at', type: 'datetime', ddl: 'timestamptz' },
  endAt: { column: 'end_at', type: 'datetime', ddl: 'timestamptz' },
  tags: { column: 'tags', type: 'array', ddl: 'text[]' },
  won: { column: 'won', type: 'boolean', ddl: 'boolean' },
};

const RECORDS: Array<Record<string, unknown>> = [
  {
    amount: { amount: 1234.5, currency: 'CNY' },
    probability: 20,
    employees: 12,
    stage: 'proposal',
    account: '018f3c1e-5b7a-7cc1-9d3e-2f0a1b2c3d4e',
    closeDate: '2024-03-31',
    startAt: '2024-03-10T01:00:00.000Z',
    endAt: '2024-03-10T02:30:00.000Z',
    tags: ['vip'],
    won: false,
  },
  { amount: null, probability: null, employees: null, stage: null, account: null, closeDate: null, startAt: null, endAt: null, tags: null, won: null },
  {
    amount: { amount: 0.1, currency: 'USD' },
    probability: 0.2,
    employees: 0,
    stage: 'closedWon',
    account: '018f3c1e-5b7a-7cc1-9d3e-2f0a1b2c3d4f',
    closeDate: '2024-01-31',
    startAt: '2024-03-10T16:00:00.000Z',
    endAt: '2024-03-10T15:00:00.000Z',
    tags: [],
    won: true,
  },
  {
    amount: { amount: 99999.99, currency: 'CNY' },
    probability: 100,
    employees: 3,
    stage: 'closedLost',
    account: null,
    closeDate: '2024-03-11',
    startAt: '2024-02-29T23:59:59.999Z',
    endAt: null,
    tags: ['new', 'vip'],
    won: false,
  },
];

const RULES: JsonLogic[] = [
  {
    if: [
      { and: [{ '!=': [{ var: 'amount.amount' }, null] }, { '!=': [{ var: 'probability' }, null] }] },
      { '*': [{ var: 'amount.amount' }, { '/': [{ var: 'probability' }, 100] }] },
      null,
    ],
  },
  { if: [{ '>': [{ var: 'employees' }, 0] }, { '/': [{ var: 'amount.amount' }, { var: 'employees' }] }, null] },
  { and: [{ '!!': [{ var: 'account' }] }, { '>': [{ var: 'amount.amount' }, 0] }] },
  { or: [{ '!': [{ var: 'startAt' }] }, { '!': [{ var: 'endAt' }] }, { '>=': [{ var: 'endAt' }, { var: 'startAt' }] }] },
  { cat: [{ var: 'stage' }, ': ', { var: 'amount.amount' }, ' (', { '%': [{ var: 'amount.amount' }, 7] }, ')'] },
  { date_diff: [{ today: [] }, { var: 'closeDate' }, 'day'] },
  { date_diff: [{ var: 'startAt' }, { var: 'endAt' }, 'minute'] },
  { date_add: [{ var: 'closeDate' }, 1, 'month'] },
  { date_add: [{ var: 'startAt' }, 1, 'day'] },
  { '<': [{ var: 'closeDate' }, { today: [] }] },
  { in: ['vip', { var: 'tags' }] },
  { in: [{ var: 'stage' }, ['closedWon', 'closedLost']] },
  { substr: [{ var: 'account' }, 0, 8] },
  { '==': [{ var: 'won' }, 1] },
];

function scope(alias: string): RuleScope {
  return {
    timeZone: TIME_ZONE,
    now: NOW,
    variable: (path) => {
      const column = COLUMNS[path];
      return column ? { sql: sql.id(alias, column.column), type: column.type, nullable: true } : undefined;
    },
  };
}

function recordValue(record: Record<string, unknown>, path: string): unknown {
  if (path === 'amount.amount') return (record.amount as { amount: number } | null)?.amount ?? null;
  return record[path] ?? null;
}

let database: Database;
let db: Kysely<unknown>;

beforeAll(async () => {
  database = await openTestDatabase(1);
  db = database.db as unknown as Kysely<unknown>;
  const ddl = Object.values(COLUMNS).map((c) => `${c.column} ${c.ddl}`);
  await sql.raw(`create table ${TABLE} (id int primary key, ${ddl.join(', ')})`).execute(db);
  for (const [index, record] of RECORDS.entries()) {
    const names = Object.values(COLUMNS).map((c) => sql.id(c.column));
    const values = Object.entries(COLUMNS).map(([path, c]) => sql`${recordValue(record, path)}::${sql.raw(c.ddl)}`);
    await sql`insert into ${sql.table(TABLE)} (id, ${sql.join(names)}) values (${index}, ${sql.join(values)})`.execute(db);
  }
});

afterAll(async () => {
  await sql.raw(`drop table if exists ${TABLE}`).execute(db);
  await database.close();
});

async function checkAgainstJs(): Promise<string[]> {
  const problems: string[] = [];
  for (const [k, rule] of RULES.entries()) {
    const value = compileRule(rule, scope('r'));
    const out =
      value.type === 'date'
        ? sql`to_char(${value.sql}, 'YYYY-MM-DD')`
        : value.type === 'datetime'
          ? sql`to_char(${value.sql} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
          : value.sql;
    const { rows } = await sql<{ id: number; v: unknown }>`select r.id, ${out} as v from ${sql.table(TABLE)} as r order by r.id`.execute(db);
    const selected = await sql<{ id: number }>`select r.id from ${sql.table(TABLE)} as r where ${compileCondition(rule, scope('r'))} order by r.id`.execute(db);
    const expectedIds: number[] = [];
    for (const row of rows) {
      const record = RECORDS[row.id] as Record<string, unknown>;
      const js = evaluateJs(rule, record);
      if (JSON.stringify(js) !== JSON.stringify(normalize(row.v)))
        problems.push(`rule ${k} record ${row.id}: js ${JSON.stringify(js)}, sql ${JSON.stringify(row.v)}`);
      if (isTruthy(js)) expectedIds.push(row.id);
    }
    const ids = selected.rows.map((r) => r.id);
    if (JSON.stringify(ids) !== JSON.stringify(expectedIds)) problems.push(`rule ${k} as a filter selects ${ids}, JavaScript ${expectedIds}`);
  }
  return problems;
}

it('computes formulas and filters over table columns as json-logic-js does', async () => {
  expect(await checkAgainstJs()).toEqual([]);
});

it('does not depend on the session time zone or float output settings', async () => {
  await sql`set timezone = 'Pacific/Chatham'`.execute(db);
  await sql`set extra_float_digits = 3`.execute(db);
  try {
    expect(await checkAgainstJs()).toEqual([]);
    await sql`set extra_float_digits = 0`.execute(db);
    expect(await checkAgainstJs()).toEqual([]);
  } finally {
    await sql`reset timezone`.execute(db);
    await sql`reset extra_float_digits`.execute(db);
  }
});

it('groups by a formula computed with subqueries', async () => {
  const rule: JsonLogic = { cat: [{ '%': [{ var: 'employees' }, 2] }, '/', { '/': [{ var: 'employees' }, 4] }] };
  const formula = compileRule(rule, scope('r'));
  const { rows } = await sql<{
    g: string;
    n: number;
  }>`select ${formula.sql} as g, count(*)::int as n from ${sql.table(TABLE)} as r group by 1 order by 1`.execute(db);
  const expected = new Map<string, number>();
  for (const record of RECORDS) {
    const key = String(evaluateJs(rule, record));
    expected.set(key, (expected.get(key) ?? 0) + 1);
  }
  expect(rows).toEqual([...expected].sort(([a], [b]) => (a < b ? -1 : 1)).map(([g, n]) => ({ g, n })));
  expect(rows).toEqual([
    { g: '0/0', n: 2 },
    { g: '0/3', n: 1 },
    { g: '1/0.75', n: 1 },
  ]);
});
