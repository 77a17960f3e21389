import type { ObjectDef } from '@atrium/metadata';
import { createApiKey, createTenant, type Database, installBundle, loadBundle, quoteIdent } from '@atrium/platform';
import { crmBundle } from '@atrium/seeds';
import { BENCH_ACTOR } from '../metadata/context.ts';
import { columnOf, tableOf } from '../metadata/field-defs.ts';
import { timed } from '../metadata/stats.ts';

export interface DatasetOptions {
  accounts: number;
  opportunities: number;
  /** Every `activityEvery`-th opportunity has activities: 3 each, 5 for every 4th of those. */
  activityEvery: number;
}

export const datasetDefaults: DatasetOptions = { accounts: 50_000, opportunities: 1_000_000, activityEvery: 5 };

/** Physical names of one object: its qualified table and the columns of its fields by API name (and part). */
export interface PhysicalObject {
  table: string;
  /** `schema`.`table`, quoted. */
  qualified: string;
  column(apiName: string, part?: string): string;
}

/** The physical names the baseline server needs, passed to it as JSON. */
export interface BaselineLayout {
  schema: string;
  opportunity: { table: string; columns: Record<string, string> };
  account: { table: string; columns: Record<string, string> };
  activity: { table: string; columns: Record<string, string> };
}

export interface Dataset {
  tenantKey: string;
  tenantId: string;
  schema: string;
  /** The PostgreSQL database holding it (its backends' CPU time is measured). */
  databaseName: string;
  token: string;
  layout: BaselineLayout;
  counts: { accounts: number; opportunities: number; activities: number };
  /** Random live opportunity ids, for get by id. */
  opportunityIds: string[];
  /** Random account ids, for the lists of an account's opportunities. */
  accountIds: string[];
  /** The first and last close date of the data (ISO dates). */
  closeDates: { from: string; days: number };
  index: { name: string; definition: string; origin: string };
  timings: { seedMs: number; accountsMs: number; opportunitiesMs: number; activitiesMs: number; vacuumMs: number };
  sizeBytes: number;
}

export const STAGES = ['prospecting', 'qualification', 'proposal', 'negotiation', 'closedWon', 'closedLost'];
const TYPES = ['newBusiness', 'existingBusiness', 'renewal', 'upsell'];
const FORECAST = ['pipeline', 'bestCase', 'commit', 'closed', 'omitted'];
const SOURCES = ['web', 'referral', 'event', 'coldCall', 'advertisement', 'partner', 'socialMedia', 'other'];
const INDUSTRIES = ['technology', 'finance', 'healthcare', 'manufacturing', 'retail', 'education', 'energy', 'media', 'logistics', 'other'];
const ACTIVITY_TYPES = ['call', 'email', 'meeting', 'visit', 'task', 'note'];
const ACTIVITY_STATUS = ['planned', 'completed', 'cancelled'];
const FIRST_CLOSE_DATE = '2024-01-01';
const CLOSE_DATE_DAYS = 730;

const array = (values: string[]): string => `array[${values.map((v) => `'${v}'`).join(', ')}]`;
/** A number for a salt string: the seed of PostgreSQL's seeded integer hashes. */
function seedOf(salt: string): number {
  let h = 7;
  for (const c of salt) h = (h * 31 + c.charCodeAt(0)) % 1_000_003;
  return h;
}

/**
 * A pseudo-random non-negative int from an int expression, stable across runs. PostgreSQL's
 * seeded integer hash (hashint8extended): md5 over a million rows costs seconds per column.
 */
const hash = (expr: string, salt: string): string => `((hashint8extended((${expr})::bigint, ${seedOf(salt)}) & 2147483647)::int)`;
const pick = (values: string[], expr: string, salt: string): string => `(${array(values)})[1 + ${hash(expr, salt)} % ${values.length}]`;

/**
 * A uuid v7-shaped id for row `n` of a series: the time part is `base + n` milliseconds (time
 * ordered, as the platform's ids are, so primary-key inserts stay sequential; unique within the
 * series); the random part comes from a seeded hash of n, so the same (base, salt, n) gives the
 * same id (opportunities name their account and activities their opportunity without a join).
 */
function idExpr(base: number, n: string, salt: string): string {
  const r = `lpad(to_hex(hashint8extended((${n})::bigint, ${seedOf(salt)})), 16, '0')`;
  return `(lpad(to_hex(${base}::bigint + (${n})), 12, '0') || '7' || substr(${r}, 1, 3) || '8' || substr(${r}, 4, 13) || lpad(to_hex((${n}) & 255), 2, '0'))::uuid`;
}

function physical(schema: string, object: ObjectDef): PhysicalObject {
  const table = tableOf(object);
  return { table, qualified: `${quoteIdent(schema)}.${quoteIdent(table)}`, column: (apiName, part) => columnOf(object, apiName, part) };
}

/** Every one-column field's column by API name; multi-column fields as `apiName.part`. */
function columnMap(object: ObjectDef): Record<string, string> {
  const map: Record<string, string> = {};
  for (const field of object.fields) {
    const columns = field.columns ?? {};
    for (const [part, column] of Object.entries(columns)) map[part === 'value' ? field.apiName : `${field.apiName}.${part}`] = column;
  }
  return map;
}

/**
 * A tenant with the CRM seed and an admin API key, and `opportunities` opportunities over
 * `accounts` accounts with activities on a subset, bulk-loaded with `insert … select …
 * generate_series` into the tenant's tables, then VACUUM ANALYZE.
 */
export async function createDataset(database: Database, tenantKey: string, options: DatasetOptions, log: (line: string) => void): Promise<Dataset> {
  const seeded = await timed(async () => {
    const tenant = await createTenant(database.db, { key: tenantKey });
    await installBundle(database.db, tenantKey, crmBundle, BENCH_ACTOR);
    const { token } = await createApiKey(database.db, tenantKey, { role: 'admin', name: 'bench' });
    return { tenant, token };
  });
  const { tenant, token } = seeded.result;
  const schema = tenant.schemaName;
  const bundle = await loadBundle(database.db, tenant.id);
  const objectOf = (apiName: string): ObjectDef => {
    const object = bundle.objects.find((o) => o.apiName === apiName);
    if (!object) throw new Error(`the CRM seed has no object ${apiName}`);
    return object;
  };
  const account = physical(schema, objectOf('account'));
  const opportunity = physical(schema, objectOf('opportunity'));
  const activity = physical(schema, objectOf('activity'));
  const q = quoteIdent;
  // One connection for the load, with foreign-key triggers off (session_replication_role = replica):
  // the generated references are right by construction, and checked once afterwards.
  const pool = await database.pool.connect();
  await pool.query('set session_replication_role = replica');
  try {
    // Time bases (ms) of the three id series, apart from each other and in the past.
    const start = Date.now() - 10 * (options.opportunities + options.accounts) - 86_400_000;
    const accountBase = start;
    const opportunityBase = start + 2 * options.accounts;
    const activityBase = opportunityBase + 2 * options.opportunities;
    const accountId = (n: string) => idExpr(accountBase, n, 'a');
    const opportunityId = (n: string) => idExpr(opportunityBase, n, 'o');
    const activityId = (n: string) => idExpr(activityBase, n, 'v');

    log(`  loading ${options.accounts.toLocaleString('en-US')} accounts…`);
    const accountsLoad = await timed(() =>
      pool.query(
        `insert into ${account.qualified} (id, ${q(account.column('name'))}, ${q(account.column('type'))}, ${q(account.column('industry'))},
              ${q(account.column('grade'))}, ${q(account.column('rating'))}, ${q(account.column('website'))}, ${q(account.column('numberOfEmployees'))},
              ${q(account.column('annualRevenue', 'amount'))}, ${q(account.column('annualRevenue', 'currency'))}, ${q(account.column('billingAddress', 'city'))},
              ${q(account.column('billingAddress', 'country'))}, ${q(account.column('isActive'))})
       select ${accountId('g')}, 'Account ' || g, ${pick(['prospect', 'customer', 'partner', 'other'], 'g', 'at')}, ${pick(INDUSTRIES, 'g', 'ai')},
              ${pick(['a', 'b', 'c', 'd'], 'g', 'ag')}, ${pick(['hot', 'warm', 'cold'], 'g', 'ar')}, 'https://account-' || g || '.example.com',
              10 + ${hash('g', 'ae')} % 5000, (${hash('g', 'av')} % 100000000)::numeric / 100, 'USD', ${pick(['Paris', 'Berlin', 'Shanghai', 'Austin', 'Lagos', 'Lima'], 'g', 'ac')},
              'FR', true
         from generate_series(1, $1::int) g`,
        [options.accounts],
      ),
    );

    log(`  loading ${options.opportunities.toLocaleString('en-US')} opportunities…`);
    const opportunitiesLoad = await timed(() =>
      pool.query(
        `insert into ${opportunity.qualified} (id, ${q(opportunity.column('name'))}, ${q(opportunity.column('account'))}, ${q(opportunity.column('stage'))},
              ${q(opportunity.column('amount', 'amount'))}, ${q(opportunity.column('amount', 'currency'))}, ${q(opportunity.column('closeDate'))},
              ${q(opportunity.column('probability'))}, ${q(opportunity.column('type'))}, ${q(opportunity.column('forecastCategory'))},
              ${q(opportunity.column('leadSource'))}, ${q(opportunity.column('products'))}, ${q(opportunity.column('nextStep'))}, ${q(opportunity.column('isPrivate'))})
       select ${opportunityId('g')}, 'Opportunity ' || g, ${accountId(`1 + ${hash('g', 'oa')} % $2::int`)}, ${pick(STAGES, 'g', 'os')},
              (${hash('g', 'om')} % 50000000)::numeric / 100, case when g % 10 = 0 then 'EUR' else 'USD' end,
              date '${FIRST_CLOSE_DATE}' + ${hash('g', 'od')} % ${CLOSE_DATE_DAYS}, (${hash('g', 'op')} % 101)::numeric, ${pick(TYPES, 'g', 'ot')},
              ${pick(FORECAST, 'g', 'of')}, ${pick(SOURCES, 'g', 'ol')}, array[${pick(['crm', 'analytics', 'service', 'marketing'], 'g', 'ox')}],
              'Call back on day ' || (g % 28 + 1), false
         from generate_series(1, $1::int) g`,
        [options.opportunities, options.accounts],
      ),
    );

    log('  loading activities…');
    // Opportunity g (every activityEvery-th) has 3 activities, or 5 when g is also a multiple of 4 × activityEvery.
    const activitiesLoad = await timed(() =>
      pool.query(
        `insert into ${activity.qualified} (id, ${q(activity.column('name'))}, ${q(activity.column('type'))}, ${q(activity.column('status'))},
              ${q(activity.column('priority'))}, ${q(activity.column('dueDate'))}, ${q(activity.column('opportunity'))}, ${q(activity.column('account'))},
              ${q(activity.column('allDay'))})
       select ${activityId('g * 8 + k')}, 'Follow-up ' || k || ' on opportunity ' || g, ${pick(ACTIVITY_TYPES, 'g * 8 + k', 'vt')},
              ${pick(ACTIVITY_STATUS, 'g * 8 + k', 'vs')}, 'normal', date '${FIRST_CLOSE_DATE}' + ${hash('g * 8 + k', 'vd')} % ${CLOSE_DATE_DAYS},
              ${opportunityId('g')}, ${accountId(`1 + ${hash('g', 'oa')} % $3::int`)}, false
         from generate_series($2::int, $1::int, $2::int) g, generate_series(1, case when g % ($2::int * 4) = 0 then 5 else 3 end) k`,
        [options.opportunities, options.activityEvery, options.accounts],
      ),
    );

    await pool.query('reset session_replication_role');
    const dangling = await pool.query<{ n: string }>(
      `select (select count(*) from ${opportunity.qualified} o where not exists (select 1 from ${account.qualified} a where a.id = o.${q(opportunity.column('account'))}))
          + (select count(*) from ${activity.qualified} t where not exists (select 1 from ${opportunity.qualified} o where o.id = t.${q(activity.column('opportunity'))})) as n`,
    );
    if (Number(dangling.rows[0]?.n) !== 0) throw new Error(`${dangling.rows[0]?.n} generated references point nowhere`);

    log('  vacuum analyze…');
    const vacuum = await timed(async () => {
      for (const object of [account, opportunity, activity]) await pool.query(`vacuum (analyze) ${object.qualified}`);
    });

    const closeDateColumn = opportunity.column('closeDate');
    const indexes = await pool.query<{ name: string; definition: string }>(
      `select indexname as name, indexdef as definition from pg_indexes where schemaname = $1 and tablename = $2 and indexdef like $3`,
      [schema, opportunity.table, `%(${closeDateColumn})%`],
    );
    const index = indexes.rows[0];
    if (!index) throw new Error(`no index on ${opportunity.qualified} (${closeDateColumn}): the filtered list would scan the table`);

    const opportunityIds = (await pool.query<{ id: string }>(`select id from ${opportunity.qualified} order by random() limit 10000`)).rows.map((r) => r.id);
    const accountIds = (await pool.query<{ id: string }>(`select id from ${account.qualified} order by random() limit 10000`)).rows.map((r) => r.id);
    const counts = await pool.query<{ a: string; o: string; v: string; size: string }>(
      `select (select count(*) from ${account.qualified}) as a, (select count(*) from ${opportunity.qualified}) as o,
            (select count(*) from ${activity.qualified}) as v,
            pg_total_relation_size($1::regclass) + pg_total_relation_size($2::regclass) + pg_total_relation_size($3::regclass) as size`,
      [account.qualified, opportunity.qualified, activity.qualified],
    );
    const row = counts.rows[0];
    return {
      tenantKey,
      tenantId: tenant.id,
      schema,
      databaseName: (await pool.query<{ name: string }>('select current_database() as name')).rows[0]?.name ?? '',
      token,
      layout: {
        schema,
        opportunity: { table: opportunity.table, columns: columnMap(objectOf('opportunity')) },
        account: { table: account.table, columns: columnMap(objectOf('account')) },
        activity: { table: activity.table, columns: columnMap(objectOf('activity')) },
      },
      counts: { accounts: Number(row?.a), opportunities: Number(row?.o), activities: Number(row?.v) },
      opportunityIds,
      accountIds,
      closeDates: { from: FIRST_CLOSE_DATE, days: CLOSE_DATE_DAYS },
      index: { ...index, origin: 'indexed: true on opportunity.closeDate in the CRM seed: created by installBundle, before the load' },
      timings: { seedMs: seeded.ms, accountsMs: accountsLoad.ms, opportunitiesMs: opportunitiesLoad.ms, activitiesMs: activitiesLoad.ms, vacuumMs: vacuum.ms },
      sizeBytes: Number(row?.size),
    };
  } finally {
    await pool.query('reset session_replication_role').catch(() => {});
    pool.release();
  }
}
