import type { Transport } from './transport.ts';

/** Fields every record has. */
export interface SystemFields {
  id: string;
  ownerId: string | null;
  createdAt: string;
  createdBy: string | null;
  updatedAt: string;
  updatedBy: string | null;
  version: number;
}

export interface ListParams {
  /** The filter grammar shared with GraphQL, e.g. `{ amount: { gte: 1000 } }`. */
  filter?: unknown;
  /** Fields to sort by; `-` for descending (`['-amount', 'name']`). */
  sort?: string[];
  limit?: number;
  cursor?: string;
  fields?: string[];
  expand?: string[];
  count?: boolean;
}

export interface ListPage<T> {
  data: Array<T & SystemFields>;
  hasMore: boolean;
  nextCursor: string | null;
  totalCount?: number;
}

/** REST access to one object's records: `/api/v1/data/{object}`. */
export class RecordsApi<T extends object> {
  constructor(
    private readonly transport: Transport,
    readonly object: string,
  ) {}

  private path(suffix = ''): string {
    return `/api/v1/data/${encodeURIComponent(this.object)}${suffix}`;
  }

  async list(params: ListParams = {}): Promise<ListPage<T>> {
    const query = new URLSearchParams();
    if (params.filter !== undefined) query.set('filter', JSON.stringify(params.filter));
    if (params.sort?.length) query.set('sort', params.sort.join(','));
    if (params.limit !== undefined) query.set('limit', String(params.limit));
    if (params.cursor) query.set('cursor', params.cursor);
    if (params.fields?.length) query.set('fields', params.fields.join(','));
    if (params.expand?.length) query.set('expand', params.expand.join(','));
    if (params.count) query.set('count', 'true');
    const text = query.toString();
    return (await this.transport.request('GET', this.path(text ? `?${text}` : ''))).body as ListPage<T>;
  }

  /** Every record matching the filter, page after page (keyset cursors: nothing skipped or repeated). */
  async *all(params: Omit<ListParams, 'cursor'> = {}): AsyncGenerator<T & SystemFields> {
    let cursor: string | undefined;
    for (;;) {
      const page = await this.list({ ...params, ...(cursor ? { cursor } : {}) });
      yield* page.data;
      if (!page.hasMore || !page.nextCursor) return;
      cursor = page.nextCursor;
    }
  }

  async get(id: string, params: Pick<ListParams, 'fields' | 'expand'> = {}): Promise<T & SystemFields> {
    const query = new URLSearchParams();
    if (params.fields?.length) query.set('fields', params.fields.join(','));
    if (params.expand?.length) query.set('expand', params.expand.join(','));
    const text = query.toString();
    return (await this.transport.request('GET', this.path(`/${encodeURIComponent(id)}${text ? `?${text}` : ''}`))).body as T & SystemFields;
  }

  async create(input: Partial<T>): Promise<T & SystemFields> {
    return (await this.transport.request('POST', this.path(), input)).body as T & SystemFields;
  }

  /** Partial update; with `expectedVersion`, a record changed since is refused (code CONFLICT). */
  async update(id: string, patch: Partial<T>, options: { expectedVersion?: number } = {}): Promise<T & SystemFields> {
    const headers: Record<string, string> = options.expectedVersion !== undefined ? { 'if-match': `"${options.expectedVersion}"` } : {};
    return (await this.transport.request('PATCH', this.path(`/${encodeURIComponent(id)}`), patch, headers)).body as T & SystemFields;
  }

  async delete(id: string): Promise<void> {
    await this.transport.request('DELETE', this.path(`/${encodeURIComponent(id)}`));
  }

  async restore(id: string): Promise<T & SystemFields> {
    return (await this.transport.request('POST', this.path(`/${encodeURIComponent(id)}/restore`))).body as T & SystemFields;
  }

  /** Creates up to 1,000 records; with `upsertBy` (a unique field), updates those that exist. */
  async bulk(records: Array<Partial<T>>, upsertBy?: string): Promise<Array<T & SystemFields>> {
    const body = (await this.transport.request('POST', this.path('/bulk'), { records, ...(upsertBy ? { upsertBy } : {}) })).body as {
      data: Array<T & SystemFields>;
    };
    return body.data;
  }
}
