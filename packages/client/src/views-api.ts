import type { Transport } from './transport.ts';

/** A sort key of a saved view: a field API name or a path through lookups (`account.name`). */
export interface ViewSort {
  field: string;
  direction: 'asc' | 'desc';
  nulls?: 'first' | 'last';
}

/** A saved view's columns, filter (the list API's grammar) and sort, by API name. */
export interface ViewDefinition {
  columns: string[];
  filter: Record<string, unknown> | null;
  sort: ViewSort[];
}

export type ViewVisibility = 'private' | 'everyone';

/** Why part of a stored view was left out for the caller. */
export interface ViewOmission {
  part: 'columns' | 'filter' | 'sort';
  reason: 'deleted' | 'hidden' | 'invalid';
}

export interface SavedView {
  id: string;
  object: string;
  name: string;
  visibility: ViewVisibility;
  definition: ViewDefinition;
  position: number;
  ownerId: string;
  mine: boolean;
  canEdit: boolean;
  omitted: ViewOmission[];
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface NewView {
  object: string;
  name: string;
  visibility?: ViewVisibility;
  definition: Partial<ViewDefinition>;
  position?: number;
}

export interface ViewChanges {
  name?: string;
  visibility?: ViewVisibility;
  definition?: Partial<ViewDefinition>;
  position?: number;
}

/** Saved list views: `/api/v1/views` (the caller's own and those shared with everyone). */
export class ViewsApi {
  constructor(private readonly transport: Transport) {}

  /** Views of one object (or of every object the caller may read), in order, and whether the caller may share. */
  async list(object?: string): Promise<{ data: SavedView[]; canShare: boolean }> {
    const query = object ? `?object=${encodeURIComponent(object)}` : '';
    return (await this.transport.request('GET', `/api/v1/views${query}`)).body as { data: SavedView[]; canShare: boolean };
  }

  async get(id: string): Promise<SavedView> {
    return (await this.transport.request('GET', `/api/v1/views/${encodeURIComponent(id)}`)).body as SavedView;
  }

  async create(view: NewView): Promise<SavedView> {
    return (await this.transport.request('POST', '/api/v1/views', view)).body as SavedView;
  }

  /** Changes a view; with `expectedVersion`, a view changed since is refused (code CONFLICT). */
  async update(id: string, changes: ViewChanges, options: { expectedVersion?: number } = {}): Promise<SavedView> {
    const body = { ...changes, ...(options.expectedVersion !== undefined ? { expectedVersion: options.expectedVersion } : {}) };
    return (await this.transport.request('PATCH', `/api/v1/views/${encodeURIComponent(id)}`, body)).body as SavedView;
  }

  async delete(id: string): Promise<void> {
    await this.transport.request('DELETE', `/api/v1/views/${encodeURIComponent(id)}`);
  }
}
