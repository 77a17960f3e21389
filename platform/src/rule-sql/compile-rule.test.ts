import type { JsonLogic } from '@atrium/metadata';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../database/database.ts';
import { openTestDatabase } from '../testing/test-database.ts';
import { type AgreementCase, disagreements, rowScope } from './agreement-harness.ts';
import { checkRuleCompilable, compileRule, RuleNotCompilable, type SqlType } from './index.ts';

const TYPES: Record<string, SqlType> = {
  n: 'number',
  m: 'number',
  i: 'number',
  s: 'text',
  u: 'text',
  b: 'boolean',
  d: 'date',
  e: 'date',
  t: 'datetime',
  w: 'datetime',
  tags: 'array',
  j: 'json',
};

const ROWS: Array<Record<string, unknown>> = [
  {
    n: 5,
    m: 2,
    i: 3,
    s: 'Spring',
    u: 'field',
    b: true,
    d: '2024-01-31',
    e: '2024-02-29',
    t: '2024-03-10T16:00:00.000Z',
    w: '2024-03-10T15:59:59.999Z',
    tags: ['vip', 'new'],
    j: { a: 1 },
  },
  { n: null, m: null, i: null, s: null, u: null, b: null, d: null, e: null, t: null, w: null, tags: null, j: null },
  { n: 0, m: 0, i: 0, s: '', u: '', b: false, d: '2023-02-28', e: '2023-01-31', t: '2020-02-29T23:59:59.500Z', w: '2021-02-28T00:00:00.000Z', tags: [], j: [] },
  {
    n: -7.5,
    m: 0.1,
    i: -4,
    s: '0',
    u: '10',
    b: true,
    d: '2024-12-31',
    e: '2024-03-11',
    t: '2024-03-11T00:00:00.000Z',
    w: '2024-01-31T12:00:00.000Z',
    tags: ['', 'x'],
    j: '',
  },
  { n: 0.1, m: 0.2, i: 10, s: 'bé😀x', u: '（全角）', b: null, d: '2000-02-29', e: '1999-12-31', t: null, w: '2024-03-10T23:30:00.123Z', tags: null, j: 0 },
  {
    n: 1e21,
    m: -1e-7,
    i: 2 ** 53,
    s: 'a,b',
    u: 'A',
    b: false,
    d: '2024-03-10',
    e: '2024-03-11',
    t: '1999-12-31T23:59:59.999Z',
    w: '2000-01-01T00:00:00.000Z',
    tags: ['a,b'],
    j: 'x',
  },
  { n: 123456.789, m: 3, i: 7, s: 'hot', u: 'Hot', b: true, d: null, e: '2024-02-29', t: '2024-02-29T12:00:00.000Z', w: null, tags: ['hot'], j: [1] },
  {
    n: null,
    m: 5,
    i: null,
    s: '5',
    u: '5.0',
    b: true,
    d: '2024-01-15',
    e: null,
    t: '2024-01-15T00:00:00.000Z',
    w: '2024-01-15T00:00:00.000Z',
    tags: null,
    j: true,
  },
  {
    n: 0.3,
    m: 0.1,
    i: 1,
    s: '😀',
    u: '！',
    b: false,
    d: '2024-03-11',
    e: '2024-03-11',
    t: '2024-03-10T16:00:00.000Z',
    w: '2024-03-10T16:00:00.000Z',
    tags: ['😀'],
    j: false,
  },
  {
    n: 2.5,
    m: -2,
    i: -3,
    s: ' 12 ',
    u: 'abc',
    b: false,
    d: '1970-01-01',
    e: '2038-01-19',
    t: '2024-03-31T23:00:00.000Z',
    w: '2024-02-29T01:00:00.000Z',
    tags: [''],
    j: 'false',
  },
  {
    n: 1e-7,
    m: 1e15,
    i: -1,
    s: 'Spring',
    u: 'Spring',
    b: true,
    d: '2024-02-29',
    e: '2025-02-28',
    t: '2024-01-31T10:00:00.000Z',
    w: '2024-02-29T09:59:59.999Z',
    tags: ['vip'],
    j: {},
  },
];

const v = (name: string): JsonLogic => ({ var: name });
const n = v('n');
const m = v('m');
const i = v('i');
const s = v('s');
const u = v('u');
const b = v('b');
const d = v('d');
const e = v('e');
const t = v('t');
const w = v('w');
const tags = v('tags');
const j = v('j');

/** Rules every row must agree on, grouped by what they exercise. */
const RULES: Record<string, JsonLogic[]> = {
  literals: [true, 0, -2.5, 'text', null, ['a', 'b'], [], { if: [[1], 'yes', 'no'] }],
  variables: [n, s, b, d, t, tags, { var: ['n'] }, { var: ['s', null] }],
  looseEquality: [
    { '==': [n, m] },
    { '==': [n, 5] },
    { '==': [n, '5'] },
    { '==': [n, 'abc'] },
    { '==': [n, ''] },
    { '==': [s, '5'] },
    { '==': [n, null] },
    { '==': [null, s] },
    { '==': [b, true] },
    { '==': [b, 1] },
    { '==': [b, '1'] },
    { '==': [n, true] },
    { '==': [i, b] },
    { '==': [s, u] },
    { '==': [s, 'Spring'] },
    { '==': [d, e] },
    { '==': [d, '2024-01-31'] },
    { '==': [d, '2024-1-31'] },
    { '==': [d, s] },
    { '==': [t, w] },
    { '==': [t, '2024-03-10T16:00:00.000Z'] },
    { '==': [t, '2024-03-10T16:00:00Z'] },
    { '==': [d, t] },
    { '==': [d, 5] },
    { '==': [j, null] },
    { '!=': [s, 'hot'] },
    { '!=': [d, null] },
    { '!=': [n, '5'] },
  ],
  strictEquality: [
    { '===': [n, m] },
    { '===': [n, '5'] },
    { '===': [n, 5] },
    { '===': [s, 'Spring'] },
    { '===': [d, '2024-01-31'] },
    { '===': [null, n] },
    { '===': [b, false] },
    { '===': [d, s] },
    { '===': [t, w] },
    { '!==': [n, null] },
    { '!==': [i, 3] },
  ],
  relational: [
    { '<': [n, m] },
    { '<=': [n, 5] },
    { '>': [n, '4.5'] },
    { '>': [n, 'x'] },
    { '>=': [n, null] },
    { '<': [null, n] },
    { '<=': [null, null] },
    { '<': [s, 'b'] },
    { '>=': [s, ''] },
    { '<': [s, '😀'] },
    { '>': [u, '5'] },
    { '<': ['-1', s] },
    { '<': [d, e] },
    { '>=': [d, e] },
    { '<=': [d, '2024-02-01'] },
    { '>': [d, '2024'] },
    { '>=': [t, w] },
    { '<=': [t, w] },
    { '<': [t, '2024-03-10T16:00:00Z'] },
    { '<': [t, '2024-03-10T16:00:00.000Z'] },
    { '<': [d, t] },
    { '>': [t, e] },
    { '<': [0, n, 10] },
    { '<=': [0, n, 5] },
    { '<=': [d, '2024-02-29', e] },
    { '<': [b, n] },
    { '>': [b, false] },
    { '>=': [b, null] },
    { '>': [i, '2'] },
    { '<': [d, { today: [] }] },
    { '<': [t, { now: [] }] },
    { '>=': [{ '/': [n, m] }, 1] },
    { '<': [{ '/': [n, m] }, 1] },
    { '<=': [{ '-': [{ '/': [n, m] }] }, 0] },
    { '>': [{ '/': [n, m] }, { '/': [m, n] }] },
  ],
  arithmetic: [
    { '+': [n, m] },
    { '+': [n, 1] },
    { '+': [n, '1'] },
    { '+': [n, '3.5abc'] },
    { '+': [n, b] },
    { '+': [n, null] },
    { '+': [] },
    { '+': [n] },
    { '+': [0.1, 0.2] },
    { '*': [n, m] },
    { '*': [n, m, i] },
    { '*': [n] },
    { '*': [s] },
    { '*': [b, 2] },
    { '*': ['2', n] },
    { '-': [n, m] },
    { '-': [n] },
    { '-': [b] },
    { '-': [n, null] },
    { '-': [null, n] },
    { '-': [] },
    { '-': [i, '1e3'] },
    { '/': [n, m] },
    { '/': [n, 0] },
    { '/': [0, n] },
    { '/': [i, m] },
    { '/': [n, 3] },
    { '/': [n] },
    { '%': [n, m] },
    { '%': [i, 3] },
    { '%': [n, 0.1] },
    { '%': [i, m] },
    { '%': [m, n] },
    { '%': [n, 0] },
    { '%': [i, 2] },
    { min: [n, m, i] },
    { max: [n, m] },
    { min: [n, null] },
    { max: [] },
    { min: [] },
    { min: [{ '/': [n, m] }, 1] },
    { max: [{ '/': [n, m] }, 1] },
    { max: [b, '7'] },
    { '+': [{ '/': [n, m] }, 1] },
    { '==': [{ '/': [n, m] }, { '/': [n, m] }] },
    { '!!': [{ '/': [n, m] }] },
    { '==': [{ '+': [n, 1] }, null] },
    { '<': [{ '%': [n, m] }, 0] },
    { '<': [{ '/': [1, { '%': [i, 2] }] }, 0] },
    { '<': [{ '/': [1, { '*': [n, 0] }] }, 0] },
    { '<': [{ '/': [1, { '-': [{ '*': [n, 0] }] }] }, 0] },
    { '<': [{ '/': [1, { '*': [{ '*': [n, 0] }, -1] }] }, 0] },
    { '<': [{ '/': [1, { '+': [{ '*': [n, -0] }] }] }, 0] },
    { '*': [{ '/': [n, m] }, 0] },
    { '-': [{ '/': [n, 0] }, { '/': [m, 0] }] },
  ],
  text: [
    { cat: [s, '-', n, '-', b, '-', d, '-', t, '-', tags, '-', null, m] },
    { cat: [n] },
    { cat: [m] },
    { cat: [i] },
    { cat: [{ '/': [n, m] }] },
    { cat: [{ '*': [n, 1e10] }] },
    { cat: [{ '*': [n, 1e15] }] },
    { cat: [{ '/': [m, 1e6] }] },
    { cat: [{ '/': [n, 3] }] },
    { cat: [{ '-': [0, m] }] },
    { cat: [] },
    { cat: 'one' },
    { substr: [s, 1] },
    { substr: [s, -2] },
    { substr: [s, 0, 2] },
    { substr: [s, 1, -1] },
    { substr: [s, -3, -1] },
    { substr: [s, i] },
    { substr: [s, 2, i] },
    { substr: [s, m, n] },
    { substr: [s, 0, null] },
    { substr: [s, b] },
    { substr: [s, 1, 2.7] },
    { substr: [s, -1.5, -0.5] },
    { substr: [n, 0, 3] },
    { substr: [d, 0, 4] },
    { substr: [t, 11, -5] },
    { substr: [null, 1] },
    { substr: [u, 1, 1] },
    { in: [s, ['hot', 'Spring', '']] },
    { in: [n, [5, 0, 1]] },
    { in: [n, [5, '5']] },
    { in: [n, []] },
    { in: ['ring', s] },
    { in: ['', s] },
    { in: [u, s] },
    { in: [n, s] },
    { in: [b, 'true or false'] },
    { in: [null, 'null'] },
    { in: ['vip', tags] },
    { in: [s, tags] },
    { in: [null, tags] },
    { in: [n, tags] },
    { in: [d, ['2024-01-31', '2023-02-28']] },
    { in: [t, ['2024-03-10T16:00:00.000Z']] },
    { in: [b, [true, 'true']] },
    { in: [null, [null]] },
    { in: [s, [u, 'x', n]] },
    { in: ['2024', d] },
    { in: ['T16', t] },
    { in: ['x', n] },
    { in: ['x', b] },
    { in: ['x'] },
  ],
  logic: [
    { and: [n, m] },
    { or: [n, m] },
    { or: [s, u, 'none'] },
    { and: [s, u] },
    { and: [b, { '>': [n, 1] }] },
    { or: [b, { '>': [n, 1] }] },
    { and: [{ '>': [n, 1] }, { '<': [m, 3] }] },
    { or: [{ '>': [n, 1] }, { '<': [m, 3] }] },
    { and: [b, b] },
    { or: [d, e] },
    { or: [d, s] },
    { or: [t, d, 'never'] },
    { and: [tags, ['x']] },
    { or: [j, null] },
    { '!': [s] },
    { '!': s },
    { '!!': [n] },
    { '!': [tags] },
    { '!!': [t] },
    { '!': [[]] },
    { '!!': [j] },
    { '!': [] },
    { '!': [{ '!': [{ '==': [s, 'hot'] }] }] },
    { '!': [{ and: [{ '>': [n, 1] }, { '==': [s, 'hot'] }] }] },
    { if: [b, n, m] },
    { if: [{ '>': [n, 0] }, 'pos', { '<': [n, 0] }, 'neg', 'zero'] },
    { if: [s, s, 'empty'] },
    { if: [b, d, null] },
    { if: [b, d, e] },
    { if: [b, d, t] },
    { if: [n, { '/': [m, n] }, null] },
    { if: [b, { '==': [s, 'hot'] }, { '>': [n, 2] }] },
    { '?:': [b, 'y', 'n'] },
    { if: [tags, { cat: tags }, 'none'] },
    { if: [b, true] },
    { if: [] },
    { if: [n] },
  ],
  missing: [
    { missing: ['n', 's', 'd'] },
    { missing: 's' },
    { missing: [['u', 'tags']] },
    { missing: [] },
    { missing_some: [2, ['n', 's', 'd']] },
    { missing_some: [1, ['s', 'u']] },
    { missing_some: [0, ['s']] },
    { if: [{ missing: ['s'] }, 'no s', 's'] },
    { '!': { missing_some: [1, ['s', 'u']] } },
    { missing: ['j', 'b'] },
  ],
  dates: [
    { date_add: [d, 1, 'month'] },
    { date_add: [d, -1, 'month'] },
    { date_add: [d, -1, 'year'] },
    { date_add: [d, 12, 'month'] },
    { date_add: [d, i, 'day'] },
    { date_add: [d, i, 'month'] },
    { date_add: [d, n, 'day'] },
    { date_add: [d, m, 'year'] },
    { date_add: [d, 2, 'week'] },
    { date_add: [d, 3, 'hour'] },
    { date_add: [d, -1, 'second'] },
    { date_add: [t, 1, 'month'] },
    { date_add: [t, -1, 'year'] },
    { date_add: [t, -90, 'minute'] },
    { date_add: [t, i, 'second'] },
    { date_add: [t, i, 'day'] },
    { date_add: [t, 1, 'week'] },
    { date_add: [d, '2', 'day'] },
    { date_add: [d, '2.5', 'day'] },
    { date_add: [d, 1, 'fortnight'] },
    { date_add: [d, 1, null] },
    { date_add: [d, 1] },
    { date_add: [d, b, 'day'] },
    { date_add: [d, null, 'day'] },
    { date_add: [n, 1, 'day'] },
    { date_add: [null, 1, 'day'] },
    { date_add: ['2024-01-31', 1, 'month'] },
    { date_add: ['2024-02-30', 1, 'day'] },
    { date_add: ['2024-03-01T10:00:00+02:00', 30, 'minute'] },
    { date_add: ['not a date', 30, 'minute'] },
    { date_add: [{ today: [] }, 30, 'day'] },
    { date_add: [{ now: [] }, -1, 'day'] },
    { date_diff: [d, e, 'day'] },
    { date_diff: [d, e, 'week'] },
    { date_diff: [d, e, 'month'] },
    { date_diff: [e, d, 'month'] },
    { date_diff: [d, e, 'year'] },
    { date_diff: [e, d, 'year'] },
    { date_diff: [d, e, 'hour'] },
    { date_diff: [d, e, 'second'] },
    { date_diff: [t, w, 'hour'] },
    { date_diff: [t, w, 'second'] },
    { date_diff: [w, t, 'minute'] },
    { date_diff: [t, w, 'month'] },
    { date_diff: [w, t, 'year'] },
    { date_diff: [d, t, 'day'] },
    { date_diff: [d, t, 'month'] },
    { date_diff: [t, d, 'week'] },
    { date_diff: [{ today: [] }, d, 'day'] },
    { date_diff: [d, { now: [] }, 'hour'] },
    { date_diff: [d, { date_add: [d, i, 'month'] }, 'month'] },
    { date_diff: [t, { date_add: [t, i, 'year'] }, 'year'] },
    { date_diff: ['2020-02-29', d, 'year'] },
    { date_diff: [d, e, 'decade'] },
    { date_diff: [d, n, 'day'] },
    { date_diff: [d] },
    { today: [] },
    { now: [] },
    { '==': [d, { today: [] }] },
    { '>': [{ date_diff: [{ today: [] }, e, 'day'] }, 7] },
    { '<': [d, { date_add: [{ today: [] }, -30, 'day'] }] },
  ],
};

function cases(rules: JsonLogic[]): AgreementCase[] {
  return ROWS.flatMap((data) => rules.map((rule) => ({ rule, data, types: TYPES })));
}

let database: Database;
let db: Kysely<unknown>;

beforeAll(async () => {
  database = await openTestDatabase(2);
  db = database.db as unknown as Kysely<unknown>;
});

afterAll(async () => {
  await database.close();
});

describe('compiled rules agree with json-logic-js', () => {
  for (const [group, rules] of Object.entries(RULES)) {
    it(`on ${group} (${rules.length} rules × ${ROWS.length} rows, as values and as conditions)`, async () => {
      expect(await disagreements(db, cases(rules))).toEqual([]);
    });
  }

  it('compares text fields that cannot be null as JavaScript strings (UTF-16 order)', async () => {
    const texts = ['', 'a', 'B', 'é', 'ÿ', '😀', '！', '\uE000', 'a😀', 'a！', 'Spring', 'spring', '10', '9'];
    const rules: JsonLogic[] = [{ '<': [s, u] }, { '>=': [s, u] }, { '<=': [s, u, 'zzz'] }, { '==': [s, u] }, { '<': [s, 'ÿ'] }];
    const textCases = texts
      .flatMap((x) => texts.map((y) => ({ s: x, u: y })))
      .flatMap((data) => rules.map((rule) => ({ rule, data, types: TYPES, required: ['s', 'u'] })));
    expect(await disagreements(db, textCases)).toEqual([]);
  });

  it('reads numeric fields beyond 2^53 as JavaScript reads them from the API (the nearest double)', async () => {
    const rules: JsonLogic[] = [n, { '+': [n, 1] }, { '%': [n, 7] }, { '==': [n, { '+': [9007199254740990, 2] }] }, { cat: [n] }, { '>': [n, m] }];
    const stored = ['9007199254740993', '1152921504606846977', '-36028797018963971', '0.30000000000000000001', '123456789.123456789123'];
    const numberCases = stored.flatMap((text) =>
      rules.map((rule) => ({ rule, data: { n: Number(text), m: Number(text) }, stored: { n: text, m: Number(text) }, types: TYPES })),
    );
    expect(await disagreements(db, numberCases)).toEqual([]);
  });
});

describe('rules outside the subset', () => {
  const refused: Array<[JsonLogic, string, RegExp]> = [
    [{ map: [tags, { var: '' }] }, '', /iterates over an array/],
    [{ and: [true, { merge: [[1]] }] }, '/and/1', /"merge"/],
    [{ '+': [s, 1] }, '/+/0', /converts this text to a number/],
    [{ '==': [n, s] }, '/==/1', /converts this text to a number/],
    [{ '<': [s, u] }, '', /may be null/],
    [{ '<': [d, s] }, '', /may be null/],
    [{ var: { cat: ['a', 'b'] } }, '/var', /computed/],
    [{ var: ['n', 0] }, '/var/1', /only when the field is absent/],
    [{ var: 'nope' }, '/var', /unknown field "nope"/],
    [{ var: '' }, '', /whole data/],
    [{ date_add: [s, 1, 'day'] }, '/date_add/0', /parses the text as a date/],
    [{ date_add: [d, 1, { var: 's' }] }, '/date_add/2', /unit .* must be a literal/],
    [{ date_add: [d, 100000, 'year'] }, '/date_add/1', /beyond/],
    [{ if: [b, n, s] }, '', /different types \(number, text\)/],
    [{ '==': [tags, tags] }, '/==/0', /compares an array/],
    [{ '*': [] }, '', /at least one argument/],
    [{ '-': [d, e] }, '/-/0', /use date_diff/],
    [{ '<': [d, 5] }, '', /compares a date with a number/],
    [{ nope: [] }, '', /unknown operation "nope"/],
    [{ substr: [s, s] }, '/substr/1', /converts this text to a number/],
    [{ and: [] }, '', /without operands/],
    [{ cat: [j] }, '/cat/0', /JSON value is used as text/],
    ['a\u0000b', '', /NUL/],
    [{ missing: [{ var: 's' }] }, '/missing/0', /literal field names/],
    [{ in: [s, j] }, '/in/1', /"in" on a JSON value/],
    [[1, 2], '/0', /array value other than a list of text/],
    [{ a: 1, b: 2 }, '', /not an operation/],
  ];

  it.each(refused.map(([rule, path, message]) => ({ rule, path, message })))('refuses $rule', ({ rule, path, message }) => {
    let error: unknown;
    try {
      compileRule(rule, rowScope(TYPES, {}));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(RuleNotCompilable);
    expect((error as RuleNotCompilable).path).toBe(path);
    expect((error as RuleNotCompilable).message).toMatch(message);
    expect(checkRuleCompilable(rule, TYPES)).toEqual([(error as RuleNotCompilable).message]);
  });

  it('lists every problem of a rule at save time, without SQL', () => {
    expect(
      checkRuleCompilable(
        { and: [{ '>': [{ var: 'amount.amount' }, 0] }, { '!!': [{ var: 'closeDate' }] }] },
        { 'amount.amount': 'number', closeDate: 'date' },
      ),
    ).toEqual([]);
    const problems = checkRuleCompilable({ and: [{ some: [{ var: 'lines' }, true] }, { '+': [{ var: 'name' }, 1] }, { var: 'nope' }] }, { name: 'text' });
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/"some" iterates over an array .*\(at \/and\/0\)/);
    expect(problems[1]).toMatch(/\(at \/and\/1\/\+\/0\)/);
    expect(problems[2]).toMatch(/unknown field "nope" \(at \/and\/2\/var\)/);
  });

  it('accepts a default for a field that cannot be null (it never applies)', async () => {
    const scope = { ...rowScope(TYPES, { n: 4 }), variable: (path: string) => ({ ...rowScope(TYPES, { n: 4 }).variable(path)!, nullable: false }) };
    expect(compileRule({ var: ['n', 0] }, scope).type).toBe('number');
  });
});
