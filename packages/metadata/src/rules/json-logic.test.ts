import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { JsonLogic, ValidationRuleDef } from '../model/types.ts';
import { dateAdd, dateDiff, todayIn } from './date-operations.ts';
import { evaluateRule, KNOWN_OPERATIONS } from './json-logic.ts';
import { analyzeRule, renameRuleVariable, ruleVariables } from './rule-analysis.ts';
import { checkValidationRules } from './validation-rules.ts';

const FIXTURE = new URL('../../../../../shared/fixtures/json-logic-tests.json', import.meta.url);

describe('the shared JsonLogic suite', () => {
  const entries = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Array<string | [JsonLogic, unknown, unknown]>;
  const cases = entries.filter((entry): entry is [JsonLogic, unknown, unknown] => Array.isArray(entry));

  it('has 278 cases', () => {
    expect(cases).toHaveLength(278);
  });

  it('passes every case with Atrium operations registered', () => {
    const failures: string[] = [];
    for (const [rule, data, expected] of cases) {
      let actual: unknown;
      try {
        actual = evaluateRule(rule, data);
      } catch (error) {
        actual = `threw ${String(error)}`;
      }
      try {
        expect(actual).toEqual(expected);
      } catch {
        failures.push(`${JSON.stringify(rule)} with ${JSON.stringify(data)}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('Atrium operations', () => {
  const now = new Date('2024-03-10T23:30:00Z');

  it('reads the clock and time zone given to the evaluation', () => {
    expect(evaluateRule({ now: [] }, {}, { now })).toBe('2024-03-10T23:30:00.000Z');
    expect(evaluateRule({ today: [] }, {}, { now })).toBe('2024-03-10');
    expect(evaluateRule({ today: [] }, {}, { now, timeZone: 'Asia/Shanghai' })).toBe('2024-03-11');
    expect(todayIn(now, 'America/Los_Angeles')).toBe('2024-03-10');
  });

  it('adds to dates like PostgreSQL intervals', () => {
    expect(dateAdd('2024-01-31', 1, 'month')).toBe('2024-02-29');
    expect(dateAdd('2023-01-31', 1, 'month')).toBe('2023-02-28');
    expect(dateAdd('2024-02-29', 1, 'year')).toBe('2025-02-28');
    expect(dateAdd('2024-03-01', -1, 'day')).toBe('2024-02-29');
    expect(dateAdd('2024-03-01', 2, 'week')).toBe('2024-03-15');
    expect(dateAdd('2024-03-01', 3, 'hour')).toBe('2024-03-01T03:00:00.000Z');
    expect(dateAdd('2024-03-01T10:00:00+02:00', 30, 'minute')).toBe('2024-03-01T08:30:00.000Z');
    expect(dateAdd(null, 1, 'day')).toBeNull();
    expect(dateAdd('2024-03-01', 1, 'fortnight')).toBeNull();
    expect(evaluateRule({ date_add: [{ var: 'closeDate' }, 30, 'day'] }, { closeDate: '2024-01-15' })).toBe('2024-02-14');
  });

  it('counts whole units between dates', () => {
    expect(dateDiff('2024-01-01', '2024-03-01', 'day')).toBe(60);
    expect(dateDiff('2024-03-01', '2024-01-01', 'day')).toBe(-60);
    // Consistent with date_add's end-of-month clamping: Jan 31 + 1 month = Feb 29.
    expect(dateDiff('2024-01-31', '2024-02-29', 'month')).toBe(1);
    expect(dateDiff('2024-01-31', '2024-02-28', 'month')).toBe(0);
    expect(dateDiff('2024-01-31', '2024-03-01', 'month')).toBe(1);
    expect(dateDiff('2020-02-29', '2024-02-28', 'year')).toBe(3);
    expect(dateDiff('2020-02-29', '2024-02-29', 'year')).toBe(4);
    expect(dateDiff('2024-01-01T00:00:00Z', '2024-01-01T05:59:00Z', 'hour')).toBe(5);
    expect(dateDiff('x', '2024-01-01', 'day')).toBeNull();
    expect(evaluateRule({ '>': [{ date_diff: [{ today: [] }, { var: 'due' }, 'day'] }, 7] }, { due: '2024-03-31' }, { now })).toBe(true);
  });

  it('throws on unknown operations', () => {
    expect(() => evaluateRule({ nope: [1] }, {})).toThrow(/Unrecognized operation nope/);
    expect(KNOWN_OPERATIONS.has('date_add')).toBe(true);
    expect(KNOWN_OPERATIONS.has('if')).toBe(true);
  });
});

describe('rule analysis', () => {
  it('lists var references in order, once, skipping item-scoped ones', () => {
    const rule: JsonLogic = {
      and: [
        { '>': [{ var: 'amount.amount' }, 0] },
        { '==': [{ var: ['stage', 'new'] }, 'won'] },
        { some: [{ var: 'lines' }, { '>': [{ var: 'qty' }, 1] }] },
        { reduce: [{ var: 'items' }, { '+': [{ var: 'current' }, { var: 'accumulator' }] }, { var: 'start' }] },
        { missing: ['closeDate', 'owner'] },
        { missing_some: [1, ['email', 'phone']] },
        { '>': [{ var: 'amount.amount' }, 10] },
        { var: '' },
      ],
    };
    expect(ruleVariables(rule)).toEqual(['amount.amount', 'stage', 'lines', 'items', 'start', 'closeDate', 'owner', 'email', 'phone']);
    expect(analyzeRule(rule).operations).toEqual(expect.arrayContaining(['and', '>', 'var', '==', 'some', 'reduce', '+', 'missing', 'missing_some']));
  });

  it('flags computed variable names', () => {
    expect(analyzeRule({ var: { cat: ['a', 'b'] } }).dynamicVariables).toBe(true);
    expect(analyzeRule({ var: 'a' }).dynamicVariables).toBe(false);
    expect(ruleVariables(7)).toEqual([]);
  });

  it('renames variables and their paths', () => {
    const rule: JsonLogic = {
      and: [{ var: 'account.name' }, { var: 'accountant' }, { missing: ['account'] }, { map: [{ var: 'account' }, { var: 'account' }] }],
    };
    expect(renameRuleVariable(rule, 'account', 'company')).toEqual({
      and: [{ var: 'company.name' }, { var: 'accountant' }, { missing: ['company'] }, { map: [{ var: 'company' }, { var: 'account' }] }],
    });
  });
});

describe('validation rules', () => {
  it('reports the active rules a record fails', () => {
    const rules: ValidationRuleDef[] = [
      { id: 'r1', object: 'o', apiName: 'positive', condition: { '>': [{ var: 'amount' }, 0] }, errorMessage: { en: 'Positive' }, field: 'amount' },
      { id: 'r2', object: 'o', apiName: 'off', condition: false, errorMessage: { en: 'Off' }, active: false },
      { id: 'r3', object: 'o', apiName: 'broken', condition: { nope: [] }, errorMessage: { en: 'Broken' } },
    ];
    expect(checkValidationRules(rules, { amount: 5 })).toEqual([{ ruleId: 'r3', rule: 'broken', message: { en: 'Broken' } }]);
    expect(checkValidationRules(rules, { amount: -1 }).map((f) => f.rule)).toEqual(['positive', 'broken']);
    expect(checkValidationRules(rules, { amount: -1 })[0]?.field).toBe('amount');
  });
});
