/**
 * The baseline of `pnpm bench api`: a hand-written fastify + pg server over the same tenant tables,
 * answering the benchmark's requests with the best SQL we could write for them — one prepared
 * statement per request, the response JSON built by PostgreSQL and sent as received (never parsed
 * in Node), no authentication, no metadata, no validation beyond the shape of the parameters.
 *
 * Run as its own process: `node --import tsx tests/bench/api/baseline-server.ts` with DATABASE_URL,
 * BASELINE_LAYOUT (the physical names, JSON) and PORT (0: any); prints its URL on stdout.
 */
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import pg from 'pg';
import type { BaselineLayout } from './dataset.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const q = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** SQL for one table: qualified name and column references by API name (`amount.amount` for parts). */
function tableSql(schema: string, table: { table: string; columns: Record<string, string> }, alias: string) {
  return {
    from: `${q(schema)}.${q(table.table)} as ${alias}`,
    col(apiName: string): string {
      const column = table.columns[apiName];
      if (!column) throw new Error(`no column for ${apiName} in ${table.table}`);
      return `${alias}.${q(column)}`;
    },
  };
}

/** `json_build_object` pairs of a whole record as the REST API serves it (system fields, then fields). */
function systemPairs(alias: string): string[] {
  return [
    `'id', ${alias}.id`,
    `'ownerId', ${alias}.owner_id`,
    `'createdAt', ${alias}.created_at`,
    `'createdBy', ${alias}.created_by`,
    `'updatedAt', ${alias}.updated_at`,
    `'updatedBy', ${alias}.updated_by`,
    `'version', ${alias}.row_version`,
  ];
}

const currency = (amount: string, code: string): string =>
  `case when ${amount} is null then null else json_build_object('amount', ${amount}, 'currency', ${code}) end`;

/** json_build_object takes at most 100 arguments: wide records are built in pieces and concatenated. */
function jsonObject(pairs: string[]): string {
  const pieces: string[] = [];
  for (let i = 0; i < pairs.length; i += 50) pieces.push(`jsonb_build_object(${pairs.slice(i, i + 50).join(', ')})`);
  return pieces.length === 1 ? `json_build_object(${pairs.join(', ')})` : `(${pieces.join(' || ')})::json`;
}

export function baselineStatements(layout: BaselineLayout) {
  const o = tableSql(layout.schema, layout.opportunity, 'o');
  const a = tableSql(layout.schema, layout.account, 'a');
  const t = tableSql(layout.schema, layout.activity, 't');

  const opportunityPairs = [
    ...systemPairs('o'),
    `'name', ${o.col('name')}`,
    `'account', ${o.col('account')}`,
    `'primaryContact', ${o.col('primaryContact')}`,
    `'stage', ${o.col('stage')}`,
    `'amount', ${currency(o.col('amount.amount'), o.col('amount.currency'))}`,
    `'closeDate', ${o.col('closeDate')}`,
    `'probability', ${o.col('probability')}`,
    `'expectedRevenue', (${o.col('amount.amount')} * ${o.col('probability')} / 100)`,
    `'type', ${o.col('type')}`,
    `'forecastCategory', ${o.col('forecastCategory')}`,
    `'leadSource', ${o.col('leadSource')}`,
    `'products', ${o.col('products')}`,
    `'nextStep', ${o.col('nextStep')}`,
    `'lossReason', ${o.col('lossReason')}`,
    `'isPrivate', ${o.col('isPrivate')}`,
    `'description', ${o.col('description')}`,
  ];
  const address = (prefix: string) =>
    `case when ${['street', 'city', 'state', 'postalCode', 'country'].map((p) => `${a.col(`${prefix}.${p}`)} is null`).join(' and ')} then null else json_build_object(${[
      'street',
      'city',
      'state',
      'postalCode',
      'country',
    ]
      .map((p) => `'${p}', ${a.col(`${prefix}.${p}`)}`)
      .join(', ')}) end`;
  const accountPairs = [
    ...systemPairs('a'),
    ...['name', 'type', 'industry', 'grade', 'rating', 'parentAccount', 'website', 'phone', 'email', 'stockSymbol', 'numberOfEmployees'].map(
      (f) => `'${f}', ${a.col(f)}`,
    ),
    `'annualRevenue', ${currency(a.col('annualRevenue.amount'), a.col('annualRevenue.currency'))}`,
    `'revenuePerEmployee', case when ${a.col('numberOfEmployees')} > 0 then ${a.col('annualRevenue.amount')} / ${a.col('numberOfEmployees')} end`,
    ...['foundedOn', 'customerSince', 'tags'].map((f) => `'${f}', ${a.col(f)}`),
    `'billingAddress', ${address('billingAddress')}`,
    `'shippingAddress', ${address('shippingAddress')}`,
    ...['description', 'isActive', 'lastActivityAt', 'externalIds'].map((f) => `'${f}', ${a.col(f)}`),
  ];
  const activityPairs = [
    ...systemPairs('t'),
    ...[
      'name',
      'type',
      'status',
      'priority',
      'dueDate',
      'startAt',
      'endAt',
      'durationMinutes',
      'allDay',
      'location',
      'completedAt',
      'outcome',
      'description',
      'lead',
      'account',
      'contact',
      'opportunity',
      'case',
    ].map((f) => `'${f}', ${t.col(f)}`),
  ];
  const page = (inner: string) =>
    `select json_build_object('data', coalesce(json_agg(p.v order by p.n) filter (where p.n <= 20), '[]'), 'hasMore', count(*) > 20)::text as body
       from (select v, row_number() over () as n from (${inner}) r) p`;

  const narrow = {
    account: `(select json_build_object('id', a.id, 'name', ${a.col('name')}) from ${a.from} where a.id = ${o.col('account')} and a.deleted_at is null)`,
    activities: `(select coalesce(json_agg(json_build_object('id', x.id, 'name', x.name) order by x.id), '[]')
                    from (select t.id, ${t.col('name')} as name from ${t.from} where ${t.col('opportunity')} = o.id and t.deleted_at is null order by t.id limit 3) x)`,
  };
  const expanded = {
    account: `(select ${jsonObject(accountPairs)} from ${a.from} where a.id = ${o.col('account')} and a.deleted_at is null)`,
    activities: `(select coalesce(json_agg(x.v order by x.id), '[]')
                    from (select t.id, ${jsonObject(activityPairs)} as v from ${t.from} where ${t.col('opportunity')} = o.id and t.deleted_at is null order by t.id limit 20) x)`,
  };
  const listInner = (related: { account: string; activities: string }, condition: string) =>
    `select json_build_object('id', o.id, 'name', ${o.col('name')}, 'amount', ${currency(o.col('amount.amount'), o.col('amount.currency'))},
            'account', ${related.account}, 'activities', ${related.activities}) as v
       from ${o.from} where ${condition} o.deleted_at is null order by o.id limit 21`;

  return {
    /** GET /opportunity/:id — the whole record (as the REST API's GET by id). */
    get: `select ${jsonObject(opportunityPairs)}::text as body from ${o.from} where o.id = $1 and o.deleted_at is null`,
    /** An account's opportunities with their account's id and name and ≤ 3 activities each (as the GraphQL list). */
    list: page(listInner(narrow, `${o.col('account')} = $1 and`)),
    /** The first page of all opportunities, same shape (when a list by account cannot be asked of Atrium). */
    listFirst: page(listInner(narrow, '')),
    /** The list as the REST API expands it: whole account, ≤ 20 whole activities each. */
    listExpanded: page(listInner(expanded, `${o.col('account')} = $1 and`)),
    listExpandedFirst: page(listInner(expanded, '')),
    /** Opportunities closing in [from, to] at some stages, latest close date first (uses the close date's index). */
    closing: page(
      `select json_build_object('id', o.id, 'name', ${o.col('name')}, 'stage', ${o.col('stage')}, 'amount', ${currency(o.col('amount.amount'), o.col('amount.currency'))},
              'closeDate', ${o.col('closeDate')},
              'account', (select json_build_object('id', a.id, 'name', ${a.col('name')}) from ${a.from} where a.id = ${o.col('account')} and a.deleted_at is null)) as v
         from ${o.from}
        where ${o.col('closeDate')} between $1::date and $2::date and ${o.col('stage')} = any($3::text[]) and o.deleted_at is null
        order by ${o.col('closeDate')} desc, o.id limit 21`,
    ),
  };
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  const layoutText = process.env.BASELINE_LAYOUT;
  if (!url || !layoutText) throw new Error('DATABASE_URL and BASELINE_LAYOUT are required');
  const statements = baselineStatements(JSON.parse(layoutText) as BaselineLayout);
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.BASELINE_POOL ?? 20), application_name: 'atrium-bench-baseline' });
  // BASELINE_UNNAMED=1 (diagnostics only): unnamed statements, parsed and planned on every request.
  const unnamed = process.env.BASELINE_UNNAMED === '1';
  const run = async (name: keyof typeof statements, values: unknown[]): Promise<string | undefined> => {
    const result = await pool.query<{ body: string }>(unnamed ? { text: statements[name], values } : { name, text: statements[name], values });
    return result.rows[0]?.body;
  };

  const app = Fastify({ logger: false });
  app.get<{ Params: { id: string } }>('/opportunity/:id', async (request, reply) => {
    const { id } = request.params;
    if (!UUID.test(id)) return reply.status(400).send({ error: 'bad id' });
    const body = await run('get', [id]);
    return body === undefined ? reply.status(404).send({ error: 'not found' }) : reply.type('application/json').send(body);
  });
  /** `?account=<id>`: that account's opportunities; without it, the first page of all. */
  const accountList =
    (byAccount: 'list' | 'listExpanded', first: 'listFirst' | 'listExpandedFirst') => async (request: FastifyRequest, reply: FastifyReply) => {
      const account = (request.query as { account?: string }).account;
      if (account === undefined) return reply.type('application/json').send(await run(first, []));
      if (!UUID.test(account)) return reply.status(400).send({ error: 'bad account' });
      return reply.type('application/json').send(await run(byAccount, [account]));
    };
  app.get('/opportunities', accountList('list', 'listFirst'));
  app.get('/opportunities/expanded', accountList('listExpanded', 'listExpandedFirst'));
  app.get('/opportunities/closing', async (request, reply) => {
    const { from, to, stages } = request.query as { from?: string; to?: string; stages?: string };
    if (!from || !to || !DATE.test(from) || !DATE.test(to) || !stages) return reply.status(400).send({ error: 'bad parameters' });
    return reply.type('application/json').send(await run('closing', [from, to, stages.split(',')]));
  });
  app.get('/health', async () => ({ status: 'ok' }));

  await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`http://127.0.0.1:${port}\n`);
  const stop = async () => {
    await app.close().catch(() => {});
    await pool.end().catch(() => {});
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    process.stderr.write(`baseline server: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
