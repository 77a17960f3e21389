import { RELATIVE_DATE_RANGES } from '@atrium/metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, type ApiTenant, startApi } from '../support/api-harness.ts';
import { dealTenant, type Json, ok, Physical, prng, q, restOk, sqlIds, sqlRows, utcDay } from '../support/contract-helpers.ts';

/**
 * Every filter operator and quantifier of the grammar (docs/api.md) returns, through GraphQL and
 * through REST, exactly the rows of a hand-written reference SQL query on the tenant's tables.
 */

let harness: ApiHarness;
let t: ApiTenant;
let p: Physical;

interface Context {
  accounts: string[];
  accountNames: string[];
  ghost: string;
  userId: string;
  names: string[];
  dealIds: string[];
  secondBatchCreatedAt: string;
  now: Date;
}
let ctx: Context;

const ACCOUNT_NAMES = [
  'Alpha Corp',
  'alpha ventures',
  'Beta LLC',
  'Gamma GmbH',
  'Delta',
  'Epsilon AG',
  'Ωmega 株式会社',
  'Zeta Partners',
  'Eta Ltd',
  'Theta Inc',
];
const ADJECTIVES = ['Big', 'small', 'MEDIUM', 'Tiny', 'huge', 'Wide_open', '100% sure', 'Ünïcode'];
const OTHER_USER = '01890a5d-ac96-774b-bcce-b302099a8057';
const DEALS = 64;

/** Offsets (days from today, UTC) that sit on the edges of the relative ranges. */
function closeDates(now: Date): Array<string | null> {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  const day = (yy: number, mm: number, dd: number) => iso(new Date(Date.UTC(yy, mm, dd)));
  const weekday = (now.getUTCDay() + 6) % 7; // 0 = Monday
  const quarter = Math.floor(m / 3) * 3;
  return [
    ...[-400, -95, -90, -89, -60, -31, -30, -29, -20, -7, -6, -1, 0, 0, 1, 6, 7, 15, 29, 30, 45, 89, 90, 120, 400].map((d) => utcDay(d, now)),
    day(y, m, 1),
    day(y, m, 0),
    day(y, m + 1, 1),
    day(y, m + 1, 0),
    day(y, m - 1, 1),
    day(y, m + 2, 0),
    day(y, quarter, 1),
    day(y, quarter, 0),
    day(y, quarter + 3, 1),
    day(y, 0, 1),
    day(y - 1, 11, 31),
    day(y + 1, 0, 1),
    utcDay(-weekday, now),
    utcDay(-weekday - 1, now),
    utcDay(-weekday + 7, now),
    utcDay(-weekday - 7, now),
    null,
    null,
    null,
    null,
    null,
    null,
  ];
}

/** Instants around midnight (UTC) and spread over ±60 days. */
function seenAts(now: Date): Array<string | null> {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const h = 3_600_000;
  return [
    midnight,
    midnight - 1,
    midnight + 24 * h,
    midnight + 24 * h - 1,
    midnight - 24 * h,
    midnight - 6 * 24 * h,
    midnight - 7 * 24 * h,
    midnight + 5 * h,
    midnight - 30 * 24 * h,
    midnight - 29 * 24 * h,
    midnight + 40 * 24 * h,
    midnight - 60 * 24 * h,
  ]
    .map((ms): string | null => new Date(ms).toISOString())
    .concat([null, null, null, null]);
}

function dealInput(i: number, random: () => number, now: Date): Json {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const maybe = <T>(p0: number, value: () => T): T | null => (random() < p0 ? null : value());
  const accounts = ctx.accounts;
  const partners = accounts.filter(() => random() < 0.15);
  if (i % 9 === 0) partners.push(ctx.ghost);
  const currency = pick(['USD', 'EUR', 'JPY', 'EUR', undefined]);
  const input: Json = {
    name: `${pick(ADJECTIVES)} deal ${i}`,
    notes: maybe(0.4, () => pick(['Urgent: call back', 'not urgent', 'later', 'URGENT!!'])),
    email: maybe(0.3, () => `user${i}@${pick(['example.com', 'Example.org', 'test.io'])}`),
    phone: maybe(0.5, () => pick(['+1 555 0100', '030 5551234', '+44 20 7946 0958'])),
    site: maybe(0.5, () => pick(['https://acme.example', 'http://beta.example/x', 'HTTPS://CAPS.EXAMPLE'])),
    quantity: maybe(0.2, () => Math.floor(random() * 36) - 5),
    weight: maybe(0.25, () => Math.round(random() * 100_000) / 1000),
    amount: maybe(0.25, () => ({ amount: Math.round(random() * 510_000 - 10_000) / 100, ...(currency ? { currency } : {}) })),
    discount: maybe(0.3, () => Math.round(random() * 100) / 2),
    won: pick([true, false, null]),
    closeDate: closeDates(now)[i % closeDates(now).length] ?? null,
    lastSeenAt: seenAts(now)[(i * 5) % seenAts(now).length] ?? null,
    stage: pick(['new', 'won', 'lost', null]),
    tags: pick([null, [], ['hot'], ['cold'], ['hot', 'cold'], ['cold', 'hot']]),
    account: maybe(0.25, () => pick(accounts)),
    parentAccount: pick(accounts),
    partners,
    reviewer: pick([ctx.userId, OTHER_USER, null]),
    shippingAddress: maybe(0.3, () => ({
      street: maybe(0.5, () => `${i} Main St`),
      city: pick(['Paris', 'paris', 'Berlin', 'New York', 'Newark', null]),
      postalCode: maybe(0.4, () => String(10000 + i)),
      country: pick(['FR', 'DE', 'US', null]),
    })),
    extra: maybe(0.5, () => ({ i })),
  };
  // A few rows with exact values the cases look for.
  if (i === 3) input.quantity = 5;
  if (i === 4) input.amount = { amount: 1000, currency: 'EUR' };
  if (i === 5) input.won = true;
  if (i === 2) input.email = 'user2@example.com';
  if (i === 6) input.amount = { amount: -50, currency: 'USD' };
  if (i === 9) input.discount = 0;
  return input;
}

beforeAll(async () => {
  harness = await startApi();
  t = await dealTenant(harness, 'filters');
  p = await Physical.of(t);
  const now = new Date();
  const accounts: string[] = [];
  let userId = '';
  for (const name of ACCOUNT_NAMES) {
    const body = restOk<Json>(await t.rest('POST', '/api/v1/data/account', { name }), 201);
    accounts.push(String(body.id));
    userId = String(body.createdBy);
  }
  // Accounts no deal refers to (reverse relations: vacuous every, none).
  for (const name of ['Iota', 'Kappa Lonely']) restOk(await t.rest('POST', '/api/v1/data/account', { name }), 201);
  const ghost = String(restOk<Json>(await t.rest('POST', '/api/v1/data/account', { name: 'Ghost (deleted)' }), 201).id);
  ctx = { accounts, accountNames: ACCOUNT_NAMES, ghost, userId, names: [], dealIds: [], secondBatchCreatedAt: '', now };
  const random = prng(20261123);
  const inputs = Array.from({ length: DEALS }, (_, i) => dealInput(i + 1, random, now));
  ctx.names = inputs.map((r) => String(r.name));
  const first = restOk<{ data: Json[] }>(await t.rest('POST', '/api/v1/data/deal/bulk', { records: inputs.slice(0, DEALS / 2) }));
  const second = ok(
    await t.gql<{ createDeals: Json[] }>('mutation($inputs: [DealInput!]!) { createDeals(inputs: $inputs) { id createdAt } }', {
      inputs: inputs.slice(DEALS / 2),
    }),
  );
  ctx.dealIds = [...first.data, ...second.createDeals].map((r) => String(r.id));
  ctx.secondBatchCreatedAt = String(second.createDeals[0]?.createdAt);
  // Deleted records never match: three deals and a partner account.
  for (const i of [7, 20, 40]) restOk(await t.rest('DELETE', `/api/v1/data/deal/${ctx.dealIds[i]}`));
  restOk(await t.rest('DELETE', `/api/v1/data/account/${ghost}`));
});
afterAll(async () => {
  await harness?.close();
});

/** A SQL literal. */
function lit(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `array[${value.map(lit).join(', ')}]`;
  return `'${String(value).replaceAll("'", "''")}'`;
}

/** Columns of the deal row `d` and the account row `a`. */
const d = (field: string, part = 'value') => p.column('deal', field, part, 'd');
const a = (field: string, part = 'value') => p.column('account', field, part, 'a');
const TODAY = "(now() at time zone 'UTC')::date";

/** The reference range [from, to) of a relative date filter, written independently of the runtime. */
function relativeRange(name: string): [string, string] {
  const trunc = (unit: string, shift: string) => `(date_trunc('${unit}', ${TODAY}) + interval '${shift}')::date`;
  const days = (n: number) => `(${TODAY} + ${n})`;
  switch (name) {
    case 'today':
      return [days(0), days(1)];
    case 'yesterday':
      return [days(-1), days(0)];
    case 'tomorrow':
      return [days(1), days(2)];
    case 'thisWeek':
      return [trunc('week', '0 days'), trunc('week', '7 days')];
    case 'lastWeek':
      return [trunc('week', '-7 days'), trunc('week', '0 days')];
    case 'nextWeek':
      return [trunc('week', '7 days'), trunc('week', '14 days')];
    case 'thisMonth':
      return [trunc('month', '0 months'), trunc('month', '1 month')];
    case 'lastMonth':
      return [trunc('month', '-1 month'), trunc('month', '0 months')];
    case 'nextMonth':
      return [trunc('month', '1 month'), trunc('month', '2 months')];
    case 'thisQuarter':
      return [trunc('quarter', '0 months'), trunc('quarter', '3 months')];
    case 'lastQuarter':
      return [trunc('quarter', '-3 months'), trunc('quarter', '0 months')];
    case 'nextQuarter':
      return [trunc('quarter', '3 months'), trunc('quarter', '6 months')];
    case 'thisYear':
      return [trunc('year', '0 years'), trunc('year', '1 year')];
    case 'lastYear':
      return [trunc('year', '-1 year'), trunc('year', '0 years')];
    case 'nextYear':
      return [trunc('year', '1 year'), trunc('year', '2 years')];
    case 'last7Days':
      return [days(-6), days(1)];
    case 'last30Days':
      return [days(-29), days(1)];
    case 'last90Days':
      return [days(-89), days(1)];
    case 'next7Days':
      return [days(0), days(7)];
    case 'next30Days':
      return [days(0), days(30)];
    case 'next90Days':
      return [days(0), days(90)];
    default:
      throw new Error(name);
  }
}
const RELATIVE = RELATIVE_DATE_RANGES;

/** The deal's account (a lookup), live, matching a condition on the account row `a`. */
const viaAccount = (field: string, condition: string) =>
  `exists (select 1 from ${p.table('account')} a where a.id = ${d(field)} and a.deleted_at is null and (${condition}))`;
/** Live partner accounts (many-to-many) of the deal `d` matching a condition on `a`. */
const partnersWhere = (condition: string) =>
  `select 1 from ${p.junction('deal', 'partners')} j join ${p.table('account')} a on a.id = j.target_id where j.source_id = d.id and a.deleted_at is null and (${condition})`;
/** Live deals `x` of the account `a` through a field, matching a condition on `x` (written with `d`). */
const dealsOf = (field: string, condition: string) => `select 1 from ${p.table('deal')} d where ${d(field)} = a.id and d.deleted_at is null and (${condition})`;
const partnerDealsOf = (condition: string) =>
  `select 1 from ${p.junction('deal', 'partners')} j join ${p.table('deal')} d on d.id = j.source_id where j.target_id = a.id and d.deleted_at is null and (${condition})`;

interface Case {
  name: string;
  filter: () => unknown;
  where: () => string;
  /** REST only: operands GraphQL's filter types do not take (e.g. id operators on a lookup itself). */
  restOnly?: boolean;
  /**
   * Uses `isNull` on a lookup, which docs/api.md documents for both APIs but GraphQL's
   * `<Target>Filter` input lacks: checked through REST here, and through GraphQL by an it.fails below.
   */
  graphqlLookupIsNull?: boolean;
  /** The reference may match nothing / everything. */
  empty?: boolean;
  all?: boolean;
}

const c = (name: string, filter: () => unknown, where: () => string, options: Partial<Case> = {}): Case => ({ name, filter, where, ...options });

const dealCases: Case[] = [
  // text
  c(
    'text eq (case-sensitive)',
    () => ({ name: { eq: ctx.names[2] } }),
    () => `${d('name')} = ${lit(ctx.names[2])}`,
  ),
  c(
    'text neq',
    () => ({ name: { neq: ctx.names[2] } }),
    () => `${d('name')} is distinct from ${lit(ctx.names[2])}`,
  ),
  c(
    'text in',
    () => ({ name: { in: [ctx.names[0], ctx.names[9], 'no such name'] } }),
    () => `${d('name')} in (${lit(ctx.names[0])}, ${lit(ctx.names[9])})`,
  ),
  c(
    'text notIn',
    () => ({ name: { notIn: [ctx.names[0], ctx.names[9]] } }),
    () => `${d('name')} not in (${lit(ctx.names[0])}, ${lit(ctx.names[9])})`,
  ),
  c(
    'text contains (case-insensitive)',
    () => ({ name: { contains: 'DEAL 1' } }),
    () => `lower(${d('name')}) like '%deal 1%'`,
  ),
  c(
    'text contains a LIKE wildcard literally (%)',
    () => ({ name: { contains: '%' } }),
    () => `position('%' in ${d('name')}) > 0`,
  ),
  c(
    'text contains a LIKE wildcard literally (_)',
    () => ({ name: { contains: '_' } }),
    () => `position('_' in ${d('name')}) > 0`,
  ),
  c(
    'text startsWith (case-insensitive)',
    () => ({ name: { startsWith: 'big' } }),
    () => `lower(${d('name')}) like 'big%'`,
  ),
  c(
    'text endsWith (case-insensitive)',
    () => ({ name: { endsWith: 'DEAL 7' } }),
    () => `lower(${d('name')}) like '%deal 7'`,
  ),
  c(
    'text contains non-ASCII, case-insensitive',
    () => ({ name: { contains: 'üNÏ' } }),
    () => `lower(${d('name')}) like '%ünï%'`,
  ),
  c(
    'text isNull true (required field)',
    () => ({ name: { isNull: true } }),
    () => 'false',
    { empty: true },
  ),
  c(
    'email isNull true',
    () => ({ email: { isNull: true } }),
    () => `${d('email')} is null`,
  ),
  c(
    'email isNull false',
    () => ({ email: { isNull: false } }),
    () => `${d('email')} is not null`,
  ),
  c(
    'email neq matches empty values',
    () => ({ email: { neq: 'user2@example.com' } }),
    () => `${d('email')} is distinct from 'user2@example.com'`,
  ),
  c(
    'email notIn matches empty values',
    () => ({ email: { notIn: ['user2@example.com', 'user3@test.io'] } }),
    () => `${d('email')} is null or ${d('email')} not in ('user2@example.com', 'user3@test.io')`,
  ),
  c(
    'email endsWith',
    () => ({ email: { endsWith: 'EXAMPLE.COM' } }),
    () => `lower(${d('email')}) like '%example.com'`,
  ),
  c(
    'longText contains',
    () => ({ notes: { contains: 'urgent' } }),
    () => `lower(${d('notes')}) like '%urgent%'`,
  ),
  c(
    'url startsWith',
    () => ({ site: { startsWith: 'https://' } }),
    () => `lower(${d('site')}) like 'https://%'`,
  ),
  c(
    'phone contains',
    () => ({ phone: { contains: '555' } }),
    () => `${d('phone')} like '%555%'`,
  ),
  c(
    'phone in',
    () => ({ phone: { in: ['030 5551234'] } }),
    () => `${d('phone')} = '030 5551234'`,
  ),
  // integer
  c(
    'integer eq',
    () => ({ quantity: { eq: 5 } }),
    () => `${d('quantity')} = 5`,
  ),
  c(
    'integer neq matches empty values',
    () => ({ quantity: { neq: 5 } }),
    () => `${d('quantity')} is distinct from 5`,
  ),
  c(
    'integer in',
    () => ({ quantity: { in: [1, 2, 3, 5] } }),
    () => `${d('quantity')} in (1, 2, 3, 5)`,
  ),
  c(
    'integer notIn matches empty values',
    () => ({ quantity: { notIn: [1, 2, 3, 5] } }),
    () => `${d('quantity')} is null or ${d('quantity')} not in (1, 2, 3, 5)`,
  ),
  c(
    'integer gt',
    () => ({ quantity: { gt: 10 } }),
    () => `${d('quantity')} > 10`,
  ),
  c(
    'integer gte',
    () => ({ quantity: { gte: 10 } }),
    () => `${d('quantity')} >= 10`,
  ),
  c(
    'integer lt (negative)',
    () => ({ quantity: { lt: 0 } }),
    () => `${d('quantity')} < 0`,
  ),
  c(
    'integer lte',
    () => ({ quantity: { lte: 0 } }),
    () => `${d('quantity')} <= 0`,
  ),
  c(
    'integer between (both included)',
    () => ({ quantity: { between: [3, 9] } }),
    () => `${d('quantity')} >= 3 and ${d('quantity')} <= 9`,
  ),
  c(
    'integer two operators',
    () => ({ quantity: { gt: 2, lt: 8 } }),
    () => `${d('quantity')} > 2 and ${d('quantity')} < 8`,
  ),
  c(
    'integer isNull true',
    () => ({ quantity: { isNull: true } }),
    () => `${d('quantity')} is null`,
  ),
  c(
    'integer isNull false',
    () => ({ quantity: { isNull: false } }),
    () => `${d('quantity')} is not null`,
  ),
  // number, percent
  c(
    'number gt (decimal)',
    () => ({ weight: { gt: 50.5 } }),
    () => `${d('weight')} > 50.5`,
  ),
  c(
    'number lte',
    () => ({ weight: { lte: 10.125 } }),
    () => `${d('weight')} <= 10.125`,
  ),
  c(
    'number between',
    () => ({ weight: { between: [20, 30.5] } }),
    () => `${d('weight')} between 20 and 30.5`,
  ),
  c(
    'number isNull',
    () => ({ weight: { isNull: true } }),
    () => `${d('weight')} is null`,
  ),
  c(
    'percent lte',
    () => ({ discount: { lte: 10 } }),
    () => `${d('discount')} <= 10`,
  ),
  c(
    'percent neq',
    () => ({ discount: { neq: 0 } }),
    () => `${d('discount')} is distinct from 0`,
  ),
  c(
    'percent between',
    () => ({ discount: { between: [5, 25] } }),
    () => `${d('discount')} between 5 and 25`,
  ),
  // currency
  c(
    'currency amount gte',
    () => ({ amount: { gte: 1000 } }),
    () => `${d('amount', 'amount')} >= 1000`,
  ),
  c(
    'currency amount lt 0',
    () => ({ amount: { lt: 0 } }),
    () => `${d('amount', 'amount')} < 0`,
  ),
  c(
    'currency amount eq',
    () => ({ amount: { eq: 1000 } }),
    () => `${d('amount', 'amount')} = 1000`,
  ),
  c(
    'currency amount between',
    () => ({ amount: { between: [0, 1000] } }),
    () => `${d('amount', 'amount')} between 0 and 1000`,
  ),
  c(
    'currency amount isNull',
    () => ({ amount: { isNull: true } }),
    () => `${d('amount', 'amount')} is null`,
  ),
  c(
    'currency code eq',
    () => ({ amount: { currency: { eq: 'EUR' } } }),
    () => `${d('amount', 'currency')} = 'EUR'`,
  ),
  c(
    'currency code in',
    () => ({ amount: { currency: { in: ['USD', 'JPY'] } } }),
    () => `${d('amount', 'currency')} in ('USD', 'JPY')`,
  ),
  c(
    'currency code neq matches empty values',
    () => ({ amount: { currency: { neq: 'USD' } } }),
    () => `${d('amount', 'currency')} is distinct from 'USD'`,
  ),
  c(
    'currency code isNull',
    () => ({ amount: { currency: { isNull: true } } }),
    () => `${d('amount', 'currency')} is null`,
  ),
  c(
    'currency amount and code',
    () => ({ amount: { gt: 100, currency: { eq: 'EUR' } } }),
    () => `${d('amount', 'amount')} > 100 and ${d('amount', 'currency')} = 'EUR'`,
  ),
  // boolean
  c(
    'boolean eq true',
    () => ({ won: { eq: true } }),
    () => `${d('won')} = true`,
  ),
  c(
    'boolean eq false',
    () => ({ won: { eq: false } }),
    () => `${d('won')} = false`,
  ),
  c(
    'boolean neq true matches empty values',
    () => ({ won: { neq: true } }),
    () => `${d('won')} is distinct from true`,
  ),
  c(
    'boolean isNull',
    () => ({ won: { isNull: true } }),
    () => `${d('won')} is null`,
  ),
  // date
  c(
    'date eq today',
    () => ({ closeDate: { eq: utcDay(0, ctx.now) } }),
    () => `${d('closeDate')} = ${TODAY}`,
  ),
  c(
    'date gt',
    () => ({ closeDate: { gt: utcDay(0, ctx.now) } }),
    () => `${d('closeDate')} > ${TODAY}`,
  ),
  c(
    'date lte',
    () => ({ closeDate: { lte: utcDay(-30, ctx.now) } }),
    () => `${d('closeDate')} <= ${TODAY} - 30`,
  ),
  c(
    'date between',
    () => ({ closeDate: { between: [utcDay(-30, ctx.now), utcDay(0, ctx.now)] } }),
    () => `${d('closeDate')} between ${TODAY} - 30 and ${TODAY}`,
  ),
  c(
    'date neq',
    () => ({ closeDate: { neq: utcDay(0, ctx.now) } }),
    () => `${d('closeDate')} is distinct from ${TODAY}`,
  ),
  c(
    'date in',
    () => ({ closeDate: { in: [utcDay(0, ctx.now), utcDay(1, ctx.now)] } }),
    () => `${d('closeDate')} in (${TODAY}, ${TODAY} + 1)`,
  ),
  c(
    'date isNull',
    () => ({ closeDate: { isNull: true } }),
    () => `${d('closeDate')} is null`,
  ),
  ...RELATIVE.map((range) =>
    c(
      `date relative ${range}`,
      () => ({ closeDate: { relative: range } }),
      () => {
        const [from, to] = relativeRange(range);
        return `${d('closeDate')} >= ${from} and ${d('closeDate')} < ${to}`;
      },
    ),
  ),
  // datetime
  c(
    'datetime gt',
    () => ({ lastSeenAt: { gt: new Date(Date.parse(utcDay(0, ctx.now))).toISOString() } }),
    () => `${d('lastSeenAt')} > ${TODAY}::timestamp at time zone 'UTC'`,
  ),
  c(
    'datetime lt (with an offset)',
    () => ({ lastSeenAt: { lt: `${utcDay(-7, ctx.now)}T02:00:00+02:00` } }),
    () => `${d('lastSeenAt')} < (${TODAY} - 7)::timestamp at time zone 'UTC'`,
  ),
  c(
    'datetime between',
    () => ({ lastSeenAt: { between: [`${utcDay(-30, ctx.now)}T00:00:00Z`, `${utcDay(0, ctx.now)}T00:00:00Z`] } }),
    () => `${d('lastSeenAt')} between ((${TODAY} - 30)::timestamp at time zone 'UTC') and (${TODAY}::timestamp at time zone 'UTC')`,
  ),
  c(
    'datetime isNull false',
    () => ({ lastSeenAt: { isNull: false } }),
    () => `${d('lastSeenAt')} is not null`,
  ),
  ...['today', 'yesterday', 'last7Days', 'last30Days', 'thisMonth', 'next90Days', 'thisWeek'].map((range) =>
    c(
      `datetime relative ${range}`,
      () => ({ lastSeenAt: { relative: range } }),
      () => {
        const [from, to] = relativeRange(range);
        return `${d('lastSeenAt')} >= ${from}::timestamp at time zone 'UTC' and ${d('lastSeenAt')} < ${to}::timestamp at time zone 'UTC'`;
      },
    ),
  ),
  // picklist, multi-picklist
  c(
    'picklist eq',
    () => ({ stage: { eq: 'won' } }),
    () => `${d('stage')} = 'won'`,
  ),
  c(
    'picklist neq matches empty values',
    () => ({ stage: { neq: 'won' } }),
    () => `${d('stage')} is distinct from 'won'`,
  ),
  c(
    'picklist in',
    () => ({ stage: { in: ['new', 'lost'] } }),
    () => `${d('stage')} in ('new', 'lost')`,
  ),
  c(
    'picklist notIn matches empty values',
    () => ({ stage: { notIn: ['new'] } }),
    () => `${d('stage')} is distinct from 'new'`,
  ),
  c(
    'picklist isNull',
    () => ({ stage: { isNull: true } }),
    () => `${d('stage')} is null`,
  ),
  c(
    'multiPicklist containsAny (one)',
    () => ({ tags: { containsAny: ['hot'] } }),
    () => `'hot' = any(${d('tags')})`,
  ),
  c(
    'multiPicklist containsAny (two)',
    () => ({ tags: { containsAny: ['hot', 'cold'] } }),
    () => `'hot' = any(${d('tags')}) or 'cold' = any(${d('tags')})`,
  ),
  c(
    'multiPicklist containsAll',
    () => ({ tags: { containsAll: ['cold', 'hot'] } }),
    () => `'hot' = any(${d('tags')}) and 'cold' = any(${d('tags')})`,
  ),
  c(
    'multiPicklist isNull true (no values)',
    () => ({ tags: { isNull: true } }),
    () => `coalesce(cardinality(${d('tags')}), 0) = 0`,
  ),
  c(
    'multiPicklist isNull false',
    () => ({ tags: { isNull: false } }),
    () => `cardinality(${d('tags')}) > 0`,
  ),
  // lookups
  c(
    'lookup through the target: name eq',
    () => ({ account: { name: { eq: 'Alpha Corp' } } }),
    () => viaAccount('account', `${a('name')} = 'Alpha Corp'`),
  ),
  c(
    'lookup through the target: name startsWith',
    () => ({ account: { name: { startsWith: 'ALPHA' } } }),
    () => viaAccount('account', `lower(${a('name')}) like 'alpha%'`),
  ),
  c(
    'lookup through the target: name neq (no account: no match)',
    () => ({ account: { name: { neq: 'Alpha Corp' } } }),
    () => viaAccount('account', `${a('name')} <> 'Alpha Corp'`),
  ),
  c(
    'lookup through the target: not',
    () => ({ account: { not: { name: { eq: 'Alpha Corp' } } } }),
    () => viaAccount('account', `${a('name')} <> 'Alpha Corp'`),
  ),
  c(
    'lookup through the target: id eq',
    () => ({ account: { id: { eq: ctx.accounts[1] } } }),
    () => `${d('account')} = ${lit(ctx.accounts[1])}`,
  ),
  c(
    'lookup through the target: id in',
    () => ({ account: { id: { in: [ctx.accounts[1], ctx.accounts[2]] } } }),
    () => `${d('account')} in (${lit(ctx.accounts[1])}, ${lit(ctx.accounts[2])})`,
  ),
  c(
    'lookup isNull true',
    () => ({ account: { isNull: true } }),
    () => `${d('account')} is null`,
    { graphqlLookupIsNull: true },
  ),
  c(
    'lookup isNull false',
    () => ({ account: { isNull: false } }),
    () => `${d('account')} is not null`,
    { graphqlLookupIsNull: true },
  ),
  c(
    'lookup isNull with a target condition',
    () => ({ account: { isNull: false, name: { contains: 'a' } } }),
    () => viaAccount('account', `lower(${a('name')}) like '%a%'`),
    { graphqlLookupIsNull: true },
  ),
  c(
    'lookup id operators on itself: eq',
    () => ({ account: { eq: ctx.accounts[0] } }),
    () => `${d('account')} = ${lit(ctx.accounts[0])}`,
    { restOnly: true },
  ),
  c(
    'lookup id operators on itself: neq matches empty values',
    () => ({ account: { neq: ctx.accounts[0] } }),
    () => `${d('account')} is distinct from ${lit(ctx.accounts[0])}`,
    { restOnly: true },
  ),
  c(
    'lookup id operators on itself: notIn',
    () => ({ account: { notIn: [ctx.accounts[0], ctx.accounts[1]] } }),
    () => `${d('account')} is null or ${d('account')} not in (${lit(ctx.accounts[0])}, ${lit(ctx.accounts[1])})`,
    { restOnly: true },
  ),
  c(
    'not through a lookup matches deals without one',
    () => ({ not: { account: { name: { eq: 'Alpha Corp' } } } }),
    () => `not ${viaAccount('account', `${a('name')} = 'Alpha Corp'`)}`,
  ),
  c(
    'master-detail through the target',
    () => ({ parentAccount: { name: { contains: 'gmbh' } } }),
    () => viaAccount('parentAccount', `lower(${a('name')}) like '%gmbh%'`),
  ),
  c(
    'master-detail id eq',
    () => ({ parentAccount: { id: { eq: ctx.accounts[3] } } }),
    () => `${d('parentAccount')} = ${lit(ctx.accounts[3])}`,
  ),
  c(
    'lookup, then the target’s reverse relation',
    () => ({ account: { deals: { some: { quantity: { gt: 25 } } } } }),
    () =>
      `exists (select 1 from ${p.table('account')} a where a.id = ${d('account')} and a.deleted_at is null and exists (select 1 from ${p.table('deal')} x where x.${p.column('deal', 'account')} = a.id and x.deleted_at is null and x.${p.column('deal', 'quantity')} > 25))`,
  ),
  // user
  c(
    'user eq',
    () => ({ reviewer: { eq: ctx.userId } }),
    () => `${d('reviewer')} = ${lit(ctx.userId)}`,
  ),
  c(
    'user neq matches empty values',
    () => ({ reviewer: { neq: ctx.userId } }),
    () => `${d('reviewer')} is distinct from ${lit(ctx.userId)}`,
  ),
  c(
    'user in',
    () => ({ reviewer: { in: [OTHER_USER] } }),
    () => `${d('reviewer')} = ${lit(OTHER_USER)}`,
  ),
  c(
    'user isNull',
    () => ({ reviewer: { isNull: true } }),
    () => `${d('reviewer')} is null`,
  ),
  // auto-number (formatted operands), formula
  c(
    'autoNumber gt (formatted)',
    () => ({ number: { gt: 'DEAL-0010' } }),
    () => `${d('number')} > 10`,
  ),
  c(
    'autoNumber between (formatted)',
    () => ({ number: { between: ['DEAL-0005', 'DEAL-0009'] } }),
    () => `${d('number')} between 5 and 9`,
  ),
  c(
    'autoNumber in (formatted)',
    () => ({ number: { in: ['DEAL-0001', 'DEAL-0003', 'DEAL-0008'] } }),
    () => `${d('number')} in (1, 3, 8)`,
  ),
  c(
    'autoNumber eq (a number)',
    () => ({ number: { eq: 3 } }),
    () => `${d('number')} = 3`,
    { restOnly: true },
  ),
  c(
    'formula gt',
    () => ({ total: { gt: 20 } }),
    () => `${d('quantity')} * 2 > 20`,
  ),
  c(
    'formula lte',
    () => ({ total: { lte: 0 } }),
    () => `${d('quantity')} * 2 <= 0`,
  ),
  c(
    'formula eq',
    () => ({ total: { eq: 10 } }),
    () => `${d('quantity')} * 2 = 10`,
  ),
  c(
    'formula between',
    () => ({ total: { between: [10, 20] } }),
    () => `${d('quantity')} * 2 between 10 and 20`,
  ),
  c(
    'formula isNull',
    () => ({ total: { isNull: true } }),
    () => `${d('quantity')} is null`,
  ),
  c(
    'formula neq matches empty values',
    () => ({ total: { neq: 10 } }),
    () => `${d('quantity')} * 2 is distinct from 10`,
  ),
  // address
  c(
    'address part eq (case-sensitive)',
    () => ({ shippingAddress: { city: { eq: 'Paris' } } }),
    () => `${d('shippingAddress', 'city')} = 'Paris'`,
  ),
  c(
    'address part contains',
    () => ({ shippingAddress: { city: { contains: 'PAR' } } }),
    () => `lower(${d('shippingAddress', 'city')}) like '%par%'`,
  ),
  c(
    'address part in',
    () => ({ shippingAddress: { country: { in: ['FR', 'DE'] } } }),
    () => `${d('shippingAddress', 'country')} in ('FR', 'DE')`,
  ),
  c(
    'address part neq matches empty values',
    () => ({ shippingAddress: { country: { neq: 'FR' } } }),
    () => `${d('shippingAddress', 'country')} is distinct from 'FR'`,
  ),
  c(
    'address part isNull',
    () => ({ shippingAddress: { postalCode: { isNull: true } } }),
    () => `${d('shippingAddress', 'postalCode')} is null`,
  ),
  c(
    'address two parts',
    () => ({ shippingAddress: { city: { startsWith: 'new' }, country: { eq: 'US' } } }),
    () => `lower(${d('shippingAddress', 'city')}) like 'new%' and ${d('shippingAddress', 'country')} = 'US'`,
  ),
  c(
    'address isNull true',
    () => ({ shippingAddress: { isNull: true } }),
    () => ['street', 'city', 'state', 'postalCode', 'country'].map((part) => `${d('shippingAddress', part)} is null`).join(' and '),
  ),
  c(
    'address isNull false',
    () => ({ shippingAddress: { isNull: false } }),
    () => `not (${['street', 'city', 'state', 'postalCode', 'country'].map((part) => `${d('shippingAddress', part)} is null`).join(' and ')})`,
  ),
  // json
  c(
    'json isNull true',
    () => ({ extra: { isNull: true } }),
    () => `${d('extra')} is null`,
  ),
  c(
    'json isNull false',
    () => ({ extra: { isNull: false } }),
    () => `${d('extra')} is not null`,
  ),
  // system fields
  c(
    'id in',
    () => ({ id: { in: [ctx.dealIds[0], ctx.dealIds[1], ctx.dealIds[7]] } }),
    () => `d.id in (${lit(ctx.dealIds[0])}, ${lit(ctx.dealIds[1])})`,
  ),
  c(
    'id neq',
    () => ({ id: { neq: ctx.dealIds[0] } }),
    () => `d.id <> ${lit(ctx.dealIds[0])}`,
  ),
  c(
    'createdAt gte',
    () => ({ createdAt: { gte: ctx.secondBatchCreatedAt } }),
    () => `d.created_at >= ${lit(ctx.secondBatchCreatedAt)}::timestamptz`,
  ),
  c(
    'createdAt relative today',
    () => ({ createdAt: { relative: 'today' } }),
    () => `d.created_at >= ${TODAY}::timestamp at time zone 'UTC'`,
    { all: true },
  ),
  c(
    'ownerId eq',
    () => ({ ownerId: { eq: ctx.userId } }),
    () => 'true',
    { all: true },
  ),
  // many-to-many quantifiers
  c(
    'manyToMany some',
    () => ({ partners: { some: { name: { eq: 'Beta LLC' } } } }),
    () => `exists (${partnersWhere(`${a('name')} = 'Beta LLC'`)})`,
  ),
  c(
    'manyToMany some (any partner)',
    () => ({ partners: { some: {} } }),
    () => `exists (${partnersWhere('true')})`,
  ),
  c(
    'manyToMany some ignores deleted targets',
    () => ({ partners: { some: { name: { startsWith: 'Ghost' } } } }),
    () => 'false',
    { empty: true },
  ),
  c(
    'manyToMany every (vacuously true without partners)',
    () => ({ partners: { every: { name: { contains: 'e' } } } }),
    () => `not exists (${partnersWhere(`not (lower(${a('name')}) like '%e%')`)})`,
  ),
  c(
    'manyToMany none',
    () => ({ partners: { none: { id: { eq: ctx.accounts[0] } } } }),
    () => `not exists (${partnersWhere(`a.id = ${lit(ctx.accounts[0])}`)})`,
  ),
  c(
    'manyToMany some and none together',
    () => ({ partners: { some: { name: { contains: 'e' } }, none: { name: { eq: 'Delta' } } } }),
    () => `exists (${partnersWhere(`lower(${a('name')}) like '%e%'`)}) and not exists (${partnersWhere(`${a('name')} = 'Delta'`)})`,
  ),
  // and / or / not
  c(
    'and',
    () => ({ and: [{ quantity: { gte: 5 } }, { stage: { in: ['new', 'won'] } }] }),
    () => `${d('quantity')} >= 5 and ${d('stage')} in ('new', 'won')`,
  ),
  c(
    'or',
    () => ({ or: [{ won: { eq: true } }, { quantity: { isNull: true } }] }),
    () => `${d('won')} = true or ${d('quantity')} is null`,
  ),
  c(
    'not matches empty values',
    () => ({ not: { quantity: { gt: 5 } } }),
    () => `not coalesce(${d('quantity')} > 5, false)`,
  ),
  c(
    'not of or',
    () => ({ not: { or: [{ stage: { eq: 'won' } }, { tags: { containsAny: ['hot'] } }] } }),
    () => `not coalesce(${d('stage')} = 'won' or coalesce('hot' = any(${d('tags')}), false), false)`,
  ),
  c(
    'not of not',
    () => ({ not: { not: { won: { eq: true } } } }),
    () => `${d('won')} = true`,
  ),
  c(
    'not of contains matches empty values',
    () => ({ not: { email: { contains: 'example' } } }),
    () => `${d('email')} is null or lower(${d('email')}) not like '%example%'`,
  ),
  c(
    'empty and: everything',
    () => ({ and: [] }),
    () => 'true',
    { all: true },
  ),
  c(
    'empty or: nothing',
    () => ({ or: [] }),
    () => 'false',
    { empty: true },
  ),
  c(
    'empty filter object: everything',
    () => ({}),
    () => 'true',
    { all: true },
  ),
  c(
    'several fields in one object (and)',
    () => ({ quantity: { gt: 0 }, won: { eq: false } }),
    () => `${d('quantity')} > 0 and ${d('won')} = false`,
  ),
  c(
    'nested and / or / not',
    () => ({ or: [{ and: [{ amount: { gt: 100 } }, { amount: { currency: { eq: 'EUR' } } }] }, { not: { account: { isNull: false } } }] }),
    () => `(${d('amount', 'amount')} > 100 and ${d('amount', 'currency')} = 'EUR') or ${d('account')} is null`,
    { graphqlLookupIsNull: true },
  ),
  c(
    'or across relations',
    () => ({ or: [{ account: { name: { eq: 'Delta' } } }, { partners: { some: { name: { eq: 'Delta' } } } }] }),
    () => `${viaAccount('account', `${a('name')} = 'Delta'`)} or exists (${partnersWhere(`${a('name')} = 'Delta'`)})`,
  ),
];

const accountCases: Case[] = [
  c(
    'reverse relation some',
    () => ({ deals: { some: { quantity: { gt: 20 } } } }),
    () => `exists (${dealsOf('account', `${d('quantity')} > 20`)})`,
  ),
  c(
    'reverse relation every (vacuously true without deals)',
    () => ({ deals: { every: { won: { eq: true } } } }),
    () => `not exists (${dealsOf('account', `${d('won')} is not true`)})`,
  ),
  c(
    'reverse relation none',
    () => ({ deals: { none: { stage: { eq: 'lost' } } } }),
    () => `not exists (${dealsOf('account', `${d('stage')} = 'lost'`)})`,
  ),
  c(
    'reverse relation every and some',
    () => ({ deals: { some: {}, every: { quantity: { gte: 0 } } } }),
    () => `exists (${dealsOf('account', 'true')}) and not exists (${dealsOf('account', `not coalesce(${d('quantity')} >= 0, false)`)})`,
  ),
  c(
    'master-detail reverse relation some',
    () => ({ ownedDeals: { some: { amount: { gte: 1000 } } } }),
    () => `exists (${dealsOf('parentAccount', `${d('amount', 'amount')} >= 1000`)})`,
  ),
  c(
    'master-detail reverse relation none',
    () => ({ ownedDeals: { none: { tags: { containsAny: ['hot'] } } } }),
    () => `not exists (${dealsOf('parentAccount', `'hot' = any(${d('tags')})`)})`,
  ),
  c(
    'reverse many-to-many some',
    () => ({ partnerDeals: { some: { tags: { containsAll: ['hot'] } } } }),
    () => `exists (${partnerDealsOf(`'hot' = any(${d('tags')})`)})`,
  ),
  c(
    'reverse many-to-many none',
    () => ({ partnerDeals: { none: {} } }),
    () => `not exists (${partnerDealsOf('true')})`,
  ),
  c(
    'reverse many-to-many every',
    () => ({ partnerDeals: { every: { won: { eq: true } } } }),
    () => `not exists (${partnerDealsOf(`${d('won')} is not true`)})`,
  ),
  c(
    'reverse relation through a nested lookup',
    () => ({ deals: { some: { parentAccount: { name: { eq: 'Alpha Corp' } } } } }),
    () =>
      `exists (${dealsOf('account', `exists (select 1 from ${p.table('account')} pa where pa.id = ${d('parentAccount')} and pa.deleted_at is null and pa.${p.column('account', 'name')} = 'Alpha Corp')`)})`,
  ),
  c(
    'or of a reverse relation and a field',
    () => ({ or: [{ deals: { some: { won: { eq: true } } } }, { name: { startsWith: 'g' } }] }),
    () => `exists (${dealsOf('account', `${d('won')} = true`)}) or lower(${a('name')}) like 'g%'`,
  ),
  c(
    'not of a reverse relation',
    () => ({ not: { ownedDeals: { some: { quantity: { lt: 0 } } } } }),
    () => `not exists (${dealsOf('parentAccount', `${d('quantity')} < 0`)})`,
  ),
];

/** A JSON filter as a GraphQL literal (`relative` takes an enum value). */
export function graphqlLiteral(value: unknown, key = ''): string {
  if (Array.isArray(value)) return `[${value.map((v) => graphqlLiteral(v)).join(', ')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}: ${graphqlLiteral(v, k)}`)
      .join(', ')}}`;
  if (key === 'relative') return String(value);
  return JSON.stringify(value);
}

/**
 * The filter goes into the document as a literal: a filter *variable* makes mercurius JIT-compile
 * the query on its second run, which takes seconds (see the it.fails at the end of this file).
 */
async function graphqlIds(object: 'deal' | 'account', filter: unknown): Promise<{ ids: string[]; totalCount: number; aggregateCount: number }> {
  const list = object === 'deal' ? 'deals' : 'accounts';
  const f = graphqlLiteral(filter);
  const out = ok(
    await t.gql<Record<string, unknown>>(
      `{ list: ${list}(filter: ${f}, first: 500) { totalCount nodes { id } } agg: ${list}Aggregate(filter: ${f}) { count } }`,
    ),
    JSON.stringify(filter),
  );
  const listOut = out.list as { totalCount: number; nodes: Array<{ id: string }> };
  const agg = out.agg as Array<{ count: number }>;
  return { ids: listOut.nodes.map((n) => n.id).sort(), totalCount: listOut.totalCount, aggregateCount: agg[0]?.count ?? 0 };
}

async function restIds(object: 'deal' | 'account', filter: unknown): Promise<{ ids: string[]; totalCount: number }> {
  const body = restOk<{ data: Array<{ id: string }>; hasMore: boolean; totalCount: number }>(
    await t.rest('GET', `/api/v1/data/${object}?filter=${q(filter)}&limit=500&fields=id&count=true`),
    200,
    JSON.stringify(filter),
  );
  expect(body.hasMore).toBe(false);
  return { ids: body.data.map((r) => r.id).sort(), totalCount: body.totalCount };
}

async function check(object: 'deal' | 'account', one: Case): Promise<void> {
  const alias = object === 'deal' ? 'd' : 'a';
  const reference = await sqlIds(t, `select ${alias}.id from ${p.table(object)} ${alias} where ${alias}.deleted_at is null and (${one.where()})`);
  const total = (await sqlRows<{ n: number }>(t, `select count(*)::int as n from ${p.table(object)} where deleted_at is null`))[0]?.n ?? 0;
  // The data set makes every case select some rows but not all (unless the case says otherwise).
  if (!one.empty) expect(reference.length, 'the reference matches nothing').toBeGreaterThan(0);
  if (!one.all) expect(reference.length, 'the reference matches everything').toBeLessThan(total);
  const filter = one.filter();
  const rest = await restIds(object, filter);
  expect(rest.ids, 'REST').toEqual(reference);
  expect(rest.totalCount, 'REST totalCount').toBe(reference.length);
  if (one.restOnly || one.graphqlLookupIsNull) return;
  const gql = await graphqlIds(object, filter);
  expect(gql.ids, 'GraphQL').toEqual(reference);
  expect(gql.totalCount, 'GraphQL totalCount').toBe(reference.length);
  expect(gql.aggregateCount, 'GraphQL aggregate count').toBe(reference.length);
}

describe('deal filters match the reference SQL', () => {
  for (const one of dealCases) it(one.name, () => check('deal', one));
});

describe('account filters over reverse relations match the reference SQL', () => {
  for (const one of accountCases) it(one.name, () => check('account', one));
});

describe('GraphQL gaps', () => {
  // docs/api.md: "the lookup itself with {"account": {"id": {"eq": "…"}}} or {"account": {"isNull": true}}".
  // REST takes it; GraphQL's AccountFilter input has no isNull field, so the query is refused
  // (400 GRAPHQL_VALIDATION_FAILED: Field "isNull" is not defined by type "AccountFilter").
  it('filters a lookup with isNull through GraphQL', async () => {
    for (const one of dealCases.filter((x) => x.graphqlLookupIsNull)) {
      const reference = await sqlIds(t, `select d.id from ${p.table('deal')} d where d.deleted_at is null and (${one.where()})`);
      expect((await graphqlIds('deal', one.filter())).ids, one.name).toEqual(reference);
    }
  });

  // mercurius runs with jit: 1, so the second execution of a query text is compiled by graphql-jit.
  // For a query with a variable of a (recursive) filter input type that compilation takes ~2 s on
  // an idle machine (10–20 s measured while the machine was busy), synchronously, blocking every
  // other request of the process; other queries compile in milliseconds. Each new query text costs
  // it again (cache of 256 texts): anyone with a key can stall the server at will.
  it('answers the second run of a query with a filter variable promptly', async () => {
    const query = 'query($f: AccountFilter) { accounts(filter: $f, first: 5) { totalCount } }';
    ok(await t.gql(query, { f: { name: { eq: 'x' } } }));
    const start = performance.now();
    ok(await t.gql(query, { f: { name: { eq: 'y' } } }));
    expect(performance.now() - start).toBeLessThan(500);
  });
});

describe('filter refusals', () => {
  it('refuses an operator the field type does not take, naming the path', async () => {
    for (const [filter, path] of [
      [{ quantity: { contains: '1' } }, '/quantity/contains'],
      [{ won: { gt: true } }, '/won/gt'],
      [{ tags: { eq: 'hot' } }, '/tags/eq'],
      [{ extra: { eq: 1 } }, '/extra'],
      [{ quantity: { between: [1] } }, '/quantity/between'],
      [{ closeDate: { relative: 'someday' } }, '/closeDate/relative'],
      [{ nope: { eq: 1 } }, '/nope'],
      [{ partners: { any: {} } }, '/partners/any'],
      [{ quantity: { eq: null } }, '/quantity/eq'],
    ] as const) {
      const out = await t.rest('GET', `/api/v1/data/deal?filter=${q(filter)}`);
      expect(out.status, JSON.stringify(filter)).toBe(400);
      expect(out.body.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(out.body.errors), JSON.stringify(filter)).toContain(path);
    }
  });
});
