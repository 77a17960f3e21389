import { type ApiKeyRole, createApiKey } from '@atrium/platform';
import type { FastifyInstance } from 'fastify';

export interface GqlResult<T> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string; details?: Array<{ path: string; code: string }> } }>;
  /** The raw response text, for leak checks. */
  text: string;
}

export interface RestResult {
  status: number;
  headers: Record<string, unknown>;
  // biome-ignore lint/suspicious/noExplicitAny: test responses are read ad hoc
  body: any;
  text: string;
}

/**
 * One credential of one tenant driving the server with `app.inject()`: GraphQL, REST and CSV.
 * An API key acts as its own user (its id is the user id: owner_id, sharing grantee, role holder).
 */
export class Caller {
  constructor(
    readonly app: FastifyInstance,
    readonly token: string,
    /** The key's id: the user it acts as. */
    readonly id: string,
    readonly label: string,
  ) {}

  static async create(app: FastifyInstance, db: Parameters<typeof createApiKey>[0], tenantKey: string, role: ApiKeyRole, label: string): Promise<Caller> {
    const key = await createApiKey(db, tenantKey, { role, name: label });
    return new Caller(app, key.token, key.id, label);
  }

  async gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<GqlResult<T>> {
    const response = await this.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json', ...headers },
      payload: JSON.stringify({ query, variables }),
    });
    const parsed = safeJson(response.body) as { data?: T; errors?: GqlResult<T>['errors'] } | undefined;
    return { status: response.statusCode, ...(parsed ?? {}), text: response.body };
  }

  async rest(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: unknown, headers: Record<string, string> = {}): Promise<RestResult> {
    const response = await this.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${this.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
    const type = String(response.headers['content-type'] ?? '');
    return {
      status: response.statusCode,
      headers: response.headers,
      body: type.includes('json') ? safeJson(response.body) : response.body,
      text: response.body,
    };
  }

  /** `GET` with `Accept: text/csv`: the status and, on success, the parsed rows (header first). */
  async csv(url: string): Promise<{ status: number; rows: string[][]; text: string; body: unknown }> {
    const response = await this.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${this.token}`, accept: 'text/csv' } });
    const type = String(response.headers['content-type'] ?? '');
    if (!type.startsWith('text/csv')) return { status: response.statusCode, rows: [], text: response.body, body: safeJson(response.body) };
    return { status: response.statusCode, rows: parseCsv(response.body), text: response.body, body: undefined };
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** RFC 4180 CSV (quoted cells, doubled quotes, CRLF or LF) into rows of cells. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/**
 * Retries an assertion until it holds (or the time is up): permission changes reach the cached
 * access profiles of a process through `NOTIFY atrium_access`, a few milliseconds after the commit.
 */
export async function eventually(check: () => Promise<void>, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() - start > timeoutMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
