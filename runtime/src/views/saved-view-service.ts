import { AtriumError } from '@atrium/errors';
import { newId, type PlatformTables } from '@atrium/platform';
import { type Kysely, sql } from 'kysely';
import { type AccessProfile, hasSystemPermission } from '../access/access-profile.ts';
import { requireObjectRead } from '../access/field-checks.ts';
import type { Principal } from '../auth/principal.ts';
import type { ObjectModel, TenantModel } from '../model/tenant-model.ts';
import { type QueryContext, queryContext } from '../query/aliases.ts';
import {
  decodeDefinition,
  encodeDefinition,
  keepHiddenColumns,
  type Omission,
  type SortItem,
  type StoredDefinition,
  type ViewDefinition,
  validateDefinition,
} from './view-definition.ts';

export type Visibility = 'private' | 'everyone';

/** A saved view as the API returns it. */
export interface SavedView {
  id: string;
  /** The object's API name. */
  object: string;
  name: string;
  visibility: Visibility;
  definition: ViewDefinition;
  position: number;
  ownerId: string;
  /** The caller owns the view. */
  mine: boolean;
  /** The caller may change and delete it. */
  canEdit: boolean;
  /** Parts left out for the caller: fields deleted since, fields it may not read, conditions no longer valid. */
  omitted: Omission[];
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface CreateViewInput {
  object: string;
  name: string;
  visibility?: Visibility;
  definition: { columns?: string[]; filter?: Record<string, unknown> | null; sort?: SortItem[] };
  position?: number;
}

export interface UpdateViewInput {
  name?: string;
  visibility?: Visibility;
  definition?: { columns?: string[]; filter?: Record<string, unknown> | null; sort?: SortItem[] };
  position?: number;
  expectedVersion?: number;
}

interface ViewRow {
  id: string;
  object_id: string;
  owner_id: string;
  name: string;
  visibility: Visibility;
  definition: Partial<StoredDefinition>;
  position: number;
  created_at: Date;
  updated_at: Date;
  row_version: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Stored definitions larger than this are refused (a view is a few columns and conditions). */
const MAX_DEFINITION_BYTES = 65_536;

export function viewNotFound(id: string): AtriumError {
  return new AtriumError('NOT_FOUND', `no view with id ${id}`, [{ path: '/id', code: 'NOT_FOUND', message: `no view with id ${id}` }]);
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === '23505';
}

function duplicateName(name: string, visibility: Visibility): AtriumError {
  const message =
    visibility === 'everyone' ? `a shared view named "${name}" exists already for this object` : `you have a view named "${name}" for this object already`;
  return new AtriumError('ALREADY_EXISTS', message, [{ path: '/name', code: 'DUPLICATE_NAME', message }]);
}

/**
 * Saved list views of one tenant for one caller (table `_saved_view` in the tenant's schema):
 * the caller's private views and the views shared with everyone, for objects it may read.
 * Shared views are created, changed and deleted with the `manageSharedViews` permission;
 * another user's private views do not exist for the caller (NOT_FOUND).
 */
export class SavedViewService {
  private readonly ctx: QueryContext;

  constructor(
    private readonly db: Kysely<PlatformTables>,
    private readonly model: TenantModel,
    private readonly access: AccessProfile,
    private readonly principal: Principal,
  ) {
    this.ctx = queryContext(model, new Date(), access);
  }

  /** Whether the caller may create, change and delete shared views. */
  get canShare(): boolean {
    return hasSystemPermission(this.access, 'manageSharedViews');
  }

  private get table() {
    return sql.id(this.model.schema, '_saved_view');
  }

  private visible() {
    return sql`("owner_id" = ${this.principal.userId}::uuid or "visibility" = 'everyone')`;
  }

  /** The object by API name or id. */
  object(name: string, path = '/object'): ObjectModel {
    const object = this.model.objects.get(name) ?? this.model.objectsById.get(name);
    if (!object) throw new AtriumError('VALIDATION_FAILED', `no object "${name}"`, [{ path, code: 'UNKNOWN_OBJECT', message: `no object "${name}"` }]);
    return object;
  }

  private readable(object: ObjectModel): boolean {
    try {
      requireObjectRead(this.ctx, object);
      return true;
    } catch {
      return false;
    }
  }

  private toApi(row: ViewRow, object: ObjectModel): SavedView {
    const { definition, omitted } = decodeDefinition(this.ctx, object, row.definition ?? {});
    const mine = row.owner_id === this.principal.userId;
    return {
      id: row.id,
      object: object.apiName,
      name: row.name,
      visibility: row.visibility,
      definition,
      position: row.position,
      ownerId: row.owner_id,
      mine,
      canEdit: row.visibility === 'everyone' ? this.canShare : mine,
      omitted,
      createdAt: new Date(row.created_at).toISOString(),
      updatedAt: new Date(row.updated_at).toISOString(),
      version: row.row_version,
    };
  }

  /** The caller's views and the shared ones, of one object (or of every object it may read), in order. */
  async list(object?: ObjectModel): Promise<SavedView[]> {
    if (object) requireObjectRead(this.ctx, object);
    const where = object ? sql`"object_id" = ${object.def.id} and ${this.visible()}` : this.visible();
    const { rows } = await sql<ViewRow>`select * from ${this.table} where ${where} order by "position", lower("name"), "id"`.execute(this.db);
    const views: SavedView[] = [];
    for (const row of rows) {
      const of = object ?? this.model.objectsById.get(row.object_id);
      // Views of a deleted object come back with it; objects the caller may not read show none.
      if (!of || (!object && !this.readable(of))) continue;
      views.push(this.toApi(row, of));
    }
    return views;
  }

  private async row(db: Kysely<PlatformTables>, id: string, lock: boolean): Promise<{ row: ViewRow; object: ObjectModel }> {
    if (!UUID.test(id)) throw viewNotFound(id);
    const { rows } = await sql<ViewRow>`select * from ${this.table} where "id" = ${id}::uuid and ${this.visible()} ${lock ? sql`for update` : sql``}`.execute(
      db,
    );
    const row = rows[0];
    const object = row ? this.model.objectsById.get(row.object_id) : undefined;
    if (!row || !object) throw viewNotFound(id);
    requireObjectRead(this.ctx, object);
    return { row, object };
  }

  async get(id: string): Promise<SavedView> {
    const { row, object } = await this.row(this.db, id, false);
    return this.toApi(row, object);
  }

  private requireShare(path: string): void {
    if (!this.canShare) {
      throw new AtriumError('FORBIDDEN', 'shared views are created, changed and deleted with the manageSharedViews permission', [
        { path, code: 'SHARED_VIEWS_NOT_MANAGEABLE', message: 'needs the manageSharedViews permission' },
      ]);
    }
  }

  private requireEditable(row: ViewRow): void {
    if (row.visibility === 'everyone') this.requireShare('/visibility');
    // A private view reaches here only for its owner (others do not see it).
  }

  private checkVersion(row: ViewRow, expected: number | undefined): void {
    if (expected !== undefined && expected !== row.row_version) {
      throw new AtriumError('CONFLICT', `the view changed since version ${expected} (it is at version ${row.row_version}); reload it and try again`, [
        { path: '/expectedVersion', code: 'STALE_VERSION', message: `expected ${expected}, current ${row.row_version}` },
      ]);
    }
  }

  private checkSize(definition: StoredDefinition): void {
    if (JSON.stringify(definition).length > MAX_DEFINITION_BYTES) {
      throw new AtriumError('VALIDATION_FAILED', `a view's definition takes at most ${MAX_DEFINITION_BYTES} bytes`, [
        { path: '/definition', code: 'TOO_LONG', message: `at most ${MAX_DEFINITION_BYTES} bytes` },
      ]);
    }
  }

  async create(input: CreateViewInput): Promise<SavedView> {
    const object = this.object(input.object);
    requireObjectRead(this.ctx, object, '/object');
    const visibility = input.visibility ?? 'private';
    if (visibility === 'everyone') this.requireShare('/visibility');
    const definition: ViewDefinition = { columns: input.definition.columns ?? [], filter: input.definition.filter ?? null, sort: input.definition.sort ?? [] };
    validateDefinition(this.ctx, object, definition);
    const stored = encodeDefinition(this.model, object, definition);
    this.checkSize(stored);
    const name = input.name.trim();
    const actor = this.principal.userId;
    const position =
      input.position ?? sql`(select coalesce(max("position"), -1) + 1 from ${this.table} where "object_id" = ${object.def.id} and ${this.visible()})`;
    try {
      const { rows } = await sql<ViewRow>`
        insert into ${this.table} ("id", "object_id", "owner_id", "name", "visibility", "definition", "position", "created_by", "updated_by")
        values (${newId()}::uuid, ${object.def.id}, ${actor}::uuid, ${name}, ${visibility}, ${JSON.stringify(stored)}::jsonb, ${position}, ${actor}::uuid, ${actor}::uuid)
        returning *`.execute(this.db);
      return this.toApi(rows[0] as ViewRow, object);
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicateName(name, visibility);
      throw error;
    }
  }

  async update(id: string, input: UpdateViewInput): Promise<SavedView> {
    return this.db.transaction().execute(async (tx) => {
      const { row, object } = await this.row(tx, id, true);
      this.requireEditable(row);
      if (input.visibility !== undefined && input.visibility !== row.visibility) this.requireShare('/visibility');
      this.checkVersion(row, input.expectedVersion);
      let stored: StoredDefinition = {
        v: 1,
        columns: row.definition?.columns ?? [],
        filter: row.definition?.filter ?? null,
        sort: row.definition?.sort ?? [],
      };
      const change = input.definition;
      if (change) {
        const given: ViewDefinition = { columns: change.columns ?? [], filter: change.filter ?? null, sort: change.sort ?? [] };
        validateDefinition(this.ctx, object, given);
        const encoded = encodeDefinition(this.model, object, given);
        stored = {
          v: 1,
          columns: change.columns !== undefined ? keepHiddenColumns(this.ctx, object, stored.columns, encoded.columns) : stored.columns,
          filter: change.filter !== undefined ? encoded.filter : stored.filter,
          sort: change.sort !== undefined ? encoded.sort : stored.sort,
        };
        this.checkSize(stored);
      }
      const name = input.name?.trim() ?? row.name;
      const visibility = input.visibility ?? row.visibility;
      try {
        const { rows } = await sql<ViewRow>`
            update ${this.table} set "name" = ${name}, "visibility" = ${visibility}, "definition" = ${JSON.stringify(stored)}::jsonb,
                   "position" = ${input.position ?? row.position}, "updated_at" = now(), "updated_by" = ${this.principal.userId}::uuid,
                   "row_version" = "row_version" + 1
             where "id" = ${row.id}::uuid returning *`.execute(tx);
        return this.toApi(rows[0] as ViewRow, object);
      } catch (error) {
        throw isUniqueViolation(error) ? duplicateName(name, visibility) : error;
      }
    });
  }

  async delete(id: string, expectedVersion?: number): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      const { row } = await this.row(tx, id, true);
      this.requireEditable(row);
      this.checkVersion(row, expectedVersion);
      await sql`delete from ${this.table} where "id" = ${row.id}::uuid`.execute(tx);
    });
  }
}
