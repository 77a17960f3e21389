import type { Dataset } from './dataset.ts';
import { fetchOnce, type HttpRequest, type LoadTarget } from './http-load.ts';

/** The request kinds the benchmark compares, each with its Atrium variants and its baseline. */
export type ScenarioKind = 'get' | 'list' | 'filtered';

export interface HttpScenario {
  kind: ScenarioKind;
  title: string;
  /** Atrium's variants (GraphQL, REST) and the baseline each is compared with. */
  pairs: Array<{ atrium: LoadTarget; baseline: LoadTarget }>;
  /** Measured alongside for diagnosis, compared with nothing. */
  diagnostics: LoadTarget[];
  notes: string[];
}

export interface Servers {
  atrium: string;
  baseline: string;
  /** The baseline with unnamed statements (parsed and planned per request), for diagnosis. */
  baselineUnnamed?: string;
  pids?: { atrium: number; baseline: number; baselineUnnamed?: number };
}

const randomOf = <T>(values: readonly T[]): T => values[Math.floor(Math.random() * values.length)] as T;

const GET_SELECTION = `id name account { id } primaryContact { id } stage amount { amount currency } closeDate probability expectedRevenue type
  forecastCategory leadSource products nextStep lossReason isPrivate description ownerId createdAt createdBy updatedAt updatedBy version`;
const LIST_NODE = 'id name amount { amount currency } account { id name } activities(first: 3) { nodes { id name } }';
const FILTERED_NODE = 'id name stage amount { amount currency } closeDate account { id name }';
const FILTER_STAGES = ['proposal', 'negotiation'];

/** A GraphQL body is a failure when it carries errors or no data. */
const graphqlFails = (body: string): boolean => !body.startsWith('{"data":') || body.includes('"errors":');

function graphql(url: string, token: string, label: string, query: string, variables: () => Record<string, unknown>): LoadTarget {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  return {
    label,
    url,
    next: () => ({ method: 'POST', path: '/graphql', headers, body: JSON.stringify({ query, variables: variables() }) }),
    bodyFails: graphqlFails,
  };
}

function rest(url: string, token: string, label: string, path: () => string): LoadTarget {
  const headers = { authorization: `Bearer ${token}` };
  return { label, url, next: () => ({ method: 'GET', path: path(), headers }) };
}

function plain(url: string, label: string, path: () => string): LoadTarget {
  return { label, url, next: () => ({ method: 'GET', path: path() }) };
}

/** How Atrium is asked for an account's opportunities (the documented form first). */
export interface AccountFilterForm {
  name: string;
  /** The filter, with the account id given as `id` (GraphQL variable `$a` in `graphql`). */
  graphql: string | null;
  rest: (id: string) => unknown;
}

const ACCOUNT_FILTER_FORMS: AccountFilterForm[] = [
  { name: '{account: {id: {eq: …}}} (documented)', graphql: '{account: {id: {eq: $a}}}', rest: (id) => ({ account: { id: { eq: id } } }) },
  { name: '{account: {eq: …}}', graphql: '{account: {eq: $a}}', rest: (id) => ({ account: { eq: id } }) },
];

export interface ListForm {
  /** The filter forms that work, or null: the first page of all opportunities instead. */
  graphql: AccountFilterForm | null;
  rest: AccountFilterForm | null;
  refusals: string[];
}

/** Finds which account-filter form Atrium accepts over GraphQL and REST (the documented one fails today). */
export async function probeListForm(servers: Servers, dataset: Dataset): Promise<ListForm> {
  const account = dataset.accountIds[0] as string;
  const refusals: string[] = [];
  let graphqlForm: AccountFilterForm | null = null;
  let restForm: AccountFilterForm | null = null;
  for (const form of ACCOUNT_FILTER_FORMS) {
    if (!graphqlForm && form.graphql) {
      const target = graphql(
        servers.atrium,
        dataset.token,
        'probe',
        `query($a: ID!) { opportunities(first: 1, filter: ${form.graphql}) { nodes { id } } }`,
        () => ({ a: account }),
      );
      const response = await fetchOnce(servers.atrium, target.next());
      if (response.status === 200 && !graphqlFails(response.body)) graphqlForm = form;
      else refusals.push(`GraphQL filter ${form.name} → HTTP ${response.status} ${response.body.slice(0, 300)}`);
    }
    if (!restForm) {
      const response = await fetchOnce(servers.atrium, {
        method: 'GET',
        path: `/api/v1/data/opportunity?limit=1&fields=id&filter=${encodeURIComponent(JSON.stringify(form.rest(account)))}`,
        headers: { authorization: `Bearer ${dataset.token}` },
      });
      if (response.status === 200) restForm = form;
      else refusals.push(`REST filter ${JSON.stringify(form.rest('…'))} → HTTP ${response.status} ${response.body.slice(0, 300)}`);
    }
  }
  return { graphql: graphqlForm, rest: restForm, refusals };
}

function dateWindow(dataset: Dataset): { from: string; to: string } {
  const start = new Date(`${dataset.closeDates.from}T00:00:00Z`).getTime();
  const offset = Math.floor(Math.random() * (dataset.closeDates.days - 30));
  const iso = (days: number) => new Date(start + days * 86_400_000).toISOString().slice(0, 10);
  return { from: iso(offset), to: iso(offset + 29) };
}

export function httpScenarios(servers: Servers, dataset: Dataset, listForm: ListForm): HttpScenario[] {
  const { atrium, baseline } = servers;
  const token = dataset.token;
  const id = () => randomOf(dataset.opportunityIds);
  const account = () => randomOf(dataset.accountIds);
  // Both Atrium variants list by account when both can; otherwise all three take the first page.
  const byAccount = listForm.graphql !== null && listForm.rest !== null;
  const listNotes = byAccount
    ? [
        `list: the opportunities of a random account (${Math.round(dataset.counts.opportunities / dataset.counts.accounts)} on average), by id; filter ${listForm.graphql?.name}`,
      ]
    : ['list: the first page of all opportunities (by id) — Atrium refused every form of filter by account id (see the bugs below)'];
  const graphqlFilter = byAccount ? `, filter: ${listForm.graphql?.graphql}` : '';
  const graphqlListQuery = byAccount
    ? `query($a: ID!) { opportunities(first: 20${graphqlFilter}) { nodes { ${LIST_NODE} } } }`
    : `{ opportunities(first: 20) { nodes { ${LIST_NODE} } } }`;
  const restList = () =>
    `/api/v1/data/opportunity?limit=20&expand=account,activities&fields=id,name,amount,account${
      byAccount ? `&filter=${encodeURIComponent(JSON.stringify(listForm.rest?.rest(account())))}` : ''
    }`;
  const baselineList = (path: string) => () => (byAccount ? `${path}?account=${account()}` : path);

  const unnamed = servers.baselineUnnamed;
  const scenarios: HttpScenario[] = [
    {
      kind: 'get',
      title: 'Get an opportunity by id (every field)',
      pairs: [
        {
          atrium: graphql(atrium, token, 'Atrium GraphQL', `query($id: ID!) { opportunity(id: $id) { ${GET_SELECTION} } }`, () => ({ id: id() })),
          baseline: plain(baseline, 'baseline', () => `/opportunity/${id()}`),
        },
        {
          atrium: rest(atrium, token, 'Atrium REST', () => `/api/v1/data/opportunity/${id()}`),
          baseline: plain(baseline, 'baseline', () => `/opportunity/${id()}`),
        },
      ],
      diagnostics: unnamed ? [plain(unnamed, 'baseline, unnamed statements (diagnosis)', () => `/opportunity/${id()}`)] : [],
      notes: [`random ids from ${dataset.opportunityIds.length.toLocaleString('en-US')} pre-fetched`],
    },
    {
      kind: 'list',
      title: 'List 20 opportunities with their account (lookup) and activities (to-many)',
      pairs: [
        {
          atrium: graphql(atrium, token, 'Atrium GraphQL', graphqlListQuery, () => (byAccount ? { a: account() } : {})),
          baseline: plain(baseline, 'baseline (account id+name, ≤ 3 activities id+name)', baselineList('/opportunities')),
        },
        {
          atrium: rest(atrium, token, 'Atrium REST', restList),
          baseline: plain(baseline, 'baseline (whole account, ≤ 20 whole activities)', baselineList('/opportunities/expanded')),
        },
      ],
      diagnostics: unnamed
        ? [plain(unnamed, 'baseline (account id+name, ≤ 3 activities id+name), unnamed statements (diagnosis)', baselineList('/opportunities'))]
        : [],
      notes: [
        ...listNotes,
        `GraphQL: opportunities(first: 20…) { nodes { ${LIST_NODE} } }`,
        'REST: ?limit=20&expand=account,activities&fields=id,name,amount,account — REST expands whole records and up to 20 children per parent (no way to narrow them), so it is compared with a baseline answering the same',
      ],
    },
    {
      kind: 'filtered',
      title: 'Filtered, sorted list over the opportunities (close date index)',
      pairs: [
        {
          atrium: graphql(
            atrium,
            token,
            'Atrium GraphQL',
            `query($from: Date!, $to: Date!) { opportunities(first: 20, filter: {closeDate: {between: [$from, $to]}, stage: {in: ${JSON.stringify(FILTER_STAGES)}}}, orderBy: [{field: "closeDate", direction: DESC}]) { nodes { ${FILTERED_NODE} } } }`,
            () => {
              const { from, to } = dateWindow(dataset);
              return { from, to };
            },
          ),
          baseline: plain(baseline, 'baseline', () => {
            const { from, to } = dateWindow(dataset);
            return `/opportunities/closing?from=${from}&to=${to}&stages=${FILTER_STAGES.join(',')}`;
          }),
        },
        {
          atrium: rest(atrium, token, 'Atrium REST', () => {
            const { from, to } = dateWindow(dataset);
            const filter = { closeDate: { between: [from, to] }, stage: { in: FILTER_STAGES } };
            return `/api/v1/data/opportunity?limit=20&sort=-closeDate&fields=id,name,stage,amount,closeDate,account&expand=account&filter=${encodeURIComponent(JSON.stringify(filter))}`;
          }),
          baseline: plain(baseline, 'baseline', () => {
            const { from, to } = dateWindow(dataset);
            return `/opportunities/closing?from=${from}&to=${to}&stages=${FILTER_STAGES.join(',')}`;
          }),
        },
      ],
      diagnostics: [],
      notes: [
        `filter: closeDate in a random 30-day window of ${dataset.closeDates.days} days, stage in ${FILTER_STAGES.join('/')}; sorted by closeDate descending (then id); 20 per page`,
        `index: ${dataset.index.definition} (${dataset.index.origin})`,
        'REST expands the whole account (GraphQL and the baseline: its id and name)',
      ],
    },
  ];
  // CPU time per request is read from /proc for the process behind each target.
  const pidOf = new Map<string, number | undefined>([
    [atrium, servers.pids?.atrium],
    [baseline, servers.pids?.baseline],
    ...(unnamed ? [[unnamed, servers.pids?.baselineUnnamed] as [string, number | undefined]] : []),
  ]);
  for (const scenario of scenarios) {
    for (const target of [...scenario.pairs.flatMap((p) => [p.atrium, p.baseline]), ...scenario.diagnostics]) {
      const pid = pidOf.get(target.url);
      if (pid) target.serverPid = pid;
    }
  }
  return scenarios;
}

/** One request to each side of a pair with the same parameters, to check they carry the same data. */
export async function compareAnswers(kind: ScenarioKind, servers: Servers, dataset: Dataset, listForm: ListForm): Promise<string[]> {
  const problems: string[] = [];
  const token = dataset.token;
  const auth = { authorization: `Bearer ${token}` };
  const json = async (url: string, request: HttpRequest): Promise<unknown> => {
    const response = await fetchOnce(url, request);
    if (response.status !== 200) throw new Error(`${request.method} ${request.path} → HTTP ${response.status}: ${response.body.slice(0, 400)}`);
    return JSON.parse(response.body);
  };
  type Row = Record<string, unknown>;
  const num = (value: unknown) => (value === null || value === undefined ? null : Number(value));
  if (kind === 'get') {
    const id = dataset.opportunityIds[0] as string;
    const base = (await json(servers.baseline, { method: 'GET', path: `/opportunity/${id}` })) as Row;
    const restRow = (await json(servers.atrium, { method: 'GET', path: `/api/v1/data/opportunity/${id}`, headers: auth })) as Row;
    const gql = (
      (await json(servers.atrium, {
        method: 'POST',
        path: '/graphql',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ query: `query($id: ID!) { opportunity(id: $id) { ${GET_SELECTION} } }`, variables: { id } }),
      })) as { data: { opportunity: Row } }
    ).data.opportunity;
    for (const [label, row] of [
      ['REST', restRow],
      ['GraphQL', gql],
    ] as const) {
      for (const key of Object.keys(base)) {
        const a = base[key];
        const b = key === 'account' && row[key] && typeof row[key] === 'object' ? (row[key] as Row).id : row[key];
        const same = typeof a === 'number' || typeof b === 'number' ? Math.abs((num(a) ?? 0) - (num(b) ?? 0)) < 1e-6 : JSON.stringify(a) === JSON.stringify(b);
        if (!same && !(key.endsWith('At') && a && b && new Date(a as string).getTime() === new Date(b as string).getTime())) {
          problems.push(`get ${label}: ${key} is ${JSON.stringify(b)}, the baseline says ${JSON.stringify(a)}`);
        }
      }
    }
  } else if (kind === 'list') {
    const byAccount = listForm.graphql !== null && listForm.rest !== null;
    const account = dataset.accountIds[0] as string;
    const base = (
      (await json(servers.baseline, { method: 'GET', path: byAccount ? `/opportunities?account=${account}` : '/opportunities' })) as { data: Row[] }
    ).data;
    const gql = (
      (await json(servers.atrium, {
        method: 'POST',
        path: '/graphql',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({
          query: byAccount
            ? `query($a: ID!) { opportunities(first: 20, filter: ${listForm.graphql?.graphql}) { nodes { ${LIST_NODE} } } }`
            : `{ opportunities(first: 20) { nodes { ${LIST_NODE} } } }`,
          variables: byAccount ? { a: account } : {},
        }),
      })) as { data: { opportunities: { nodes: Row[] } } }
    ).data.opportunities.nodes;
    const shape = (rows: Row[], activities: (row: Row) => unknown[]) =>
      JSON.stringify(
        rows.map((r) => [r.id, r.name, num((r.amount as Row | null)?.amount), (r.account as Row | null)?.name, activities(r).map((a) => (a as Row).id)]),
      );
    if (shape(gql, (r) => (r.activities as { nodes: Row[] }).nodes) !== shape(base, (r) => r.activities as Row[])) {
      problems.push(
        `list GraphQL differs from the baseline: ${shape(gql, (r) => (r.activities as { nodes: Row[] }).nodes).slice(0, 300)} vs ${shape(base, (r) => r.activities as Row[]).slice(0, 300)}`,
      );
    }
    const filter = byAccount ? `&filter=${encodeURIComponent(JSON.stringify(listForm.rest?.rest(account)))}` : '';
    const restRows = (
      (await json(servers.atrium, {
        method: 'GET',
        path: `/api/v1/data/opportunity?limit=20&expand=account,activities&fields=id,name,amount,account${filter}`,
        headers: auth,
      })) as {
        data: Row[];
      }
    ).data;
    const expanded = (
      (await json(servers.baseline, { method: 'GET', path: byAccount ? `/opportunities/expanded?account=${account}` : '/opportunities/expanded' })) as {
        data: Row[];
      }
    ).data;
    if (shape(restRows, (r) => r.activities as Row[]) !== shape(expanded, (r) => r.activities as Row[])) {
      problems.push(
        `list REST differs from the baseline: ${shape(restRows, (r) => r.activities as Row[]).slice(0, 300)} vs ${shape(expanded, (r) => r.activities as Row[]).slice(0, 300)}`,
      );
    }
    if (base.length === 0) problems.push('list: the baseline returned no rows for the sample account');
    if (!base.some((r) => (r.activities as Row[]).length > 0)) problems.push('list: no opportunity of the sample has activities');
  } else {
    const from = '2024-06-01';
    const to = '2024-06-30';
    const base = (
      (await json(servers.baseline, { method: 'GET', path: `/opportunities/closing?from=${from}&to=${to}&stages=${FILTER_STAGES.join(',')}` })) as {
        data: Row[];
      }
    ).data;
    const gql = (
      (await json(servers.atrium, {
        method: 'POST',
        path: '/graphql',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({
          query: `query($from: Date!, $to: Date!) { opportunities(first: 20, filter: {closeDate: {between: [$from, $to]}, stage: {in: ${JSON.stringify(FILTER_STAGES)}}}, orderBy: [{field: "closeDate", direction: DESC}]) { nodes { ${FILTERED_NODE} } } }`,
          variables: { from, to },
        }),
      })) as { data: { opportunities: { nodes: Row[] } } }
    ).data.opportunities.nodes;
    const ids = (rows: Row[]) => rows.map((r) => `${r.closeDate}/${r.id}`).join(',');
    if (ids(gql) !== ids(base)) problems.push(`filtered GraphQL differs from the baseline: ${ids(gql).slice(0, 200)} vs ${ids(base).slice(0, 200)}`);
    const filter = { closeDate: { between: [from, to] }, stage: { in: FILTER_STAGES } };
    const restRows = (
      (await json(servers.atrium, {
        method: 'GET',
        path: `/api/v1/data/opportunity?limit=20&sort=-closeDate&fields=id,name,stage,amount,closeDate,account&expand=account&filter=${encodeURIComponent(JSON.stringify(filter))}`,
        headers: auth,
      })) as { data: Row[] }
    ).data;
    if (ids(restRows) !== ids(base)) problems.push(`filtered REST differs from the baseline: ${ids(restRows).slice(0, 200)} vs ${ids(base).slice(0, 200)}`);
    if (base.length !== 20) problems.push(`filtered: the baseline returned ${base.length} rows, not 20`);
  }
  return problems;
}
