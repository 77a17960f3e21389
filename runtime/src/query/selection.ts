/**
 * What a request selects, independent of GraphQL or REST: the query compiler's input. Keys are
 * the response keys (GraphQL aliases), so PostgreSQL builds the response JSON as it will be sent.
 */
export interface NodeSelection {
  items: NodeItem[];
}

export type NodeItem =
  | { kind: 'field'; key: string; field: string }
  | { kind: 'constant'; key: string; value: string }
  | { kind: 'toOne'; key: string; relation: string; selection: NodeSelection }
  /** A to-many or many-to-many relation as a connection, or (REST `expand`) as a plain list. */
  | { kind: 'connection'; key: string; relation: string; args: ListArgs; selection: ConnectionSelection }
  | { kind: 'list'; key: string; relation: string; args: ListArgs; selection: NodeSelection };

export interface ConnectionSelection {
  items: ConnectionItem[];
}

export type ConnectionItem =
  | {
      kind: 'edges';
      key: string;
      cursorKeys: string[];
      nodeKeys: Array<{ key: string; selection: NodeSelection }>;
      typename?: { key: string; value: string }[];
    }
  | { kind: 'nodes'; key: string; selection: NodeSelection }
  | {
      kind: 'pageInfo';
      key: string;
      fields: Array<{ key: string; name: 'hasNextPage' | 'hasPreviousPage' | 'startCursor' | 'endCursor' | '__typename'; value?: string }>;
    }
  | { kind: 'totalCount'; key: string }
  | { kind: 'constant'; key: string; value: string };

export interface OrderByItem {
  /** A field API name, or a path through to-one relations (`account.name`). */
  field: string;
  direction?: 'asc' | 'desc' | 'ASC' | 'DESC';
  nulls?: 'first' | 'last' | 'FIRST' | 'LAST';
}

export interface ListArgs {
  filter?: unknown;
  orderBy?: OrderByItem[];
  first?: number;
  after?: string;
  last?: number;
  before?: string;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;
