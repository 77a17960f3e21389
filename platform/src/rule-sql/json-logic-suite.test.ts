/**
 * The shared JsonLogic suite (../shared/fixtures/json-logic-tests.json) through the compiler: each
 * case's variables are typed from its data (an absent one as an empty text field, an object as no
 * field); a case either compiles and gives the expected result in PostgreSQL or is refused (by
 * compileRule and checkRuleCompilable alike). None may be wrong.
 */
import { readFileSync } from 'node:fs';
import { analyzeRule, type JsonLogic } from '@atrium/metadata';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../database/database.ts';
import { openTestDatabase } from '../testing/test-database.ts';
import { evaluateSql, normalize, parameter } from './agreement-harness.ts';
import { checkRuleCompilable, compileRule, RuleNotCompilable, type RuleScope, type SqlType, type TypedSql } from './index.ts';

const FIXTURE = new URL('../../../../shared/fixtures/json-logic-tests.json', import.meta.url);
const entries = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Array<string | [JsonLogic, unknown, unknown]>;
const cases = entries.filter((entry): entry is [JsonLogic, unknown, unknown] => Array.isArray(entry));

/** The value at a `var` path; an absent one reads as null (a field the record leaves empty). */
function lookup(data: unknown, path: string): unknown {
  let current: unknown = data;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return null;
    current = (current as Record<string, unknown>)[part];
    if (current === undefined) return null;
  }
  return current;
}

/** The field type a data value would have (null: a text field that is empty). */
function typeOf(value: unknown): SqlType | undefined {
  if (value === null || typeof value === 'string') return 'text';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return 'array';
  return undefined;
}

function typesFor(rule: JsonLogic, data: unknown): { types: Record<string, SqlType>; scope: RuleScope } {
  const types: Record<string, SqlType> = {};
  const values: Record<string, unknown> = {};
  for (const path of analyzeRule(rule).variables) {
    const value = lookup(data, path);
    const type = typeOf(value);
    if (!type) continue;
    types[path] = type;
    values[path] = value;
  }
  const scope: RuleScope = {
    timeZone: 'UTC',
    variable: (path) => {
      const type = Object.hasOwn(types, path) ? types[path] : undefined;
      return type ? { sql: parameter(type, values[path]), type, nullable: values[path] === null } : undefined;
    },
  };
  return { types, scope };
}

let database: Database;

beforeAll(async () => {
  database = await openTestDatabase(2);
});

afterAll(async () => {
  await database.close();
});

it('runs the 278 JsonLogic cases: those that compile give the expected result, the others are refused', async () => {
  expect(cases).toHaveLength(278);
  const compiled: Array<{ index: number; typed: TypedSql }> = [];
  const refused = new Map<string, number>();
  const inconsistent: string[] = [];
  cases.forEach(([rule, data], index) => {
    const { types, scope } = typesFor(rule, data);
    const problems = checkRuleCompilable(rule, types);
    try {
      compiled.push({ index, typed: compileRule(rule, scope) });
      if (problems.length > 0) inconsistent.push(`${JSON.stringify(rule)}: compiles, yet checkRuleCompilable says ${problems.join('; ')}`);
    } catch (error) {
      if (!(error instanceof RuleNotCompilable)) throw error;
      if (problems.length === 0) inconsistent.push(`${JSON.stringify(rule)}: refused (${error.message}), yet checkRuleCompilable finds no problem`);
      const reason = error.reason.split(' (')[0]?.replace(/"[^"]*"/g, '"…"') ?? error.reason;
      refused.set(reason, (refused.get(reason) ?? 0) + 1);
    }
  });
  const results = await evaluateSql(
    database.db as unknown as Kysely<unknown>,
    compiled.map((c) => c.typed),
  );
  const wrong = compiled.flatMap(({ index }, k) => {
    const [rule, data, expected] = cases[index] as [JsonLogic, unknown, unknown];
    const actual = results[k];
    return JSON.stringify(normalize(expected)) === JSON.stringify(actual)
      ? []
      : [`${JSON.stringify(rule)} with ${JSON.stringify(data)}: expected ${JSON.stringify(expected)}, SQL gave ${JSON.stringify(actual)}`];
  });
  const summary = [...refused].sort((a, b) => b[1] - a[1]).map(([reason, count]) => `  ${count} × ${reason}`);
  console.log(
    `JsonLogic suite in SQL: ${compiled.length} of ${cases.length} cases compile and agree; ${cases.length - compiled.length} refused:\n${summary.join('\n')}`,
  );
  expect(wrong).toEqual([]);
  expect(inconsistent).toEqual([]);
  // Refused: map/filter/reduce/all/some/none/merge, reading the whole data or a computed name,
  // defaults of fields that can be null, and results of mixed types.
  expect(compiled.length).toBeGreaterThanOrEqual(205);
});
