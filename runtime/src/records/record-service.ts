import { AtriumError } from '@atrium/errors';
import type { FieldDef } from '@atrium/metadata';
import { type AuditEvent, type Database, newId, primaryColumn, recordAudit, recordToColumns, sequenceName } from '@atrium/platform';
import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import { type AccessProfile, fieldAccess, hasSystemPermission, objectPermissions } from '../access/access-profile.ts';
import { canReadField } from '../access/field-checks.ts';
import { liveRowsSql, rowAccessSql } from '../access/row-access.ts';
import type { Principal } from '../auth/principal.ts';
import type { ObjectModel, TenantModel } from '../model/tenant-model.ts';
import { queryContext } from '../query/aliases.ts';
import { compileNode, joinLaterals } from '../query/select/compile-node.ts';
import type { NodeSelection } from '../query/selection.ts';
import { checkRules, validateInput } from './record-validation.ts';
import { writeErrorFor } from './write-errors.ts';

type Tx = Transaction<unknown>;
type Record_ = Record<string, unknown>;

export interface WriteOptions {
  /** Where the input sits in the request, for error paths (`/input`, `/inputs/3`). */
  path?: string;
}

/**
 * Record writes (DESIGN.md §2): validate (record JSON Schema, validation rules, stage entry
 * conditions) → insert/update → field history → one outbox row per change, in one transaction.
 * Soft delete with lookup onDelete and master-detail cascades, undone on restore (DESIGN.md §3).
 */
export class RecordService {
  constructor(
    private readonly database: Database,
    private readonly model: TenantModel,
    private readonly principal: Principal,
    private readonly access?: AccessProfile,
  ) {}

  private context() {
    return queryContext(this.model, new Date(), this.access);
  }

  /**
   * Locks a live record the caller may edit. A record the caller cannot even read answers like one
   * that does not exist (NOT_FOUND), so its existence does not leak.
   */
  private async lockEditable(tx: Tx, object: ObjectModel, id: string, action: 'update' | 'delete'): Promise<{ row_version: number }> {
    const ctx = this.context();
    const edit = rowAccessSql(ctx, object, 'e', 'edit');
    const read = rowAccessSql(ctx, object, 'e', 'read');
    const found = await sql<{ row_version: number; editable: boolean }>`
      select "e"."row_version", ${edit} as editable from ${this.table(object)} as "e"
       where "e"."id" = ${id}::uuid and "e"."deleted_at" is null and ${read} for update`.execute(tx);
    const row = found.rows[0];
    if (!row) throw notFound(object, id);
    if (!row.editable)
      throw new AtriumError('FORBIDDEN', `you may not ${action} this ${object.apiName}`, [
        { path: '/id', code: 'RECORD_NOT_EDITABLE', message: `no ${action} access to this record` },
      ]);
    return row;
  }

  /** Object- and field-level write permissions (the allow-list), and ownership transfer. */
  private checkWrite(object: ObjectModel, action: 'create' | 'update' | 'delete', record: Record_, path: string): void {
    const profile = this.access;
    if (!profile || profile.all) return;
    if (!objectPermissions(profile, object.def.id)[action]) {
      throw new AtriumError('FORBIDDEN', `you may not ${action} ${object.pluralApiName}`, [
        { path, code: 'OBJECT_NOT_WRITABLE', message: `no ${action} permission on ${object.apiName}` },
      ]);
    }
    const hidden = Object.keys(record).filter((name) => {
      if (name === 'ownerId') return false;
      const field = object.fields.get(name);
      return !field?.def || fieldAccess(profile, object.def.id, field.def.id) !== 'edit';
    });
    if (hidden.length) {
      throw new AtriumError(
        'FORBIDDEN',
        `you may not edit ${hidden.map((h) => `"${h}"`).join(', ')} of ${object.pluralApiName}`,
        hidden.map((h) => ({ path: `${path}/${h}`, code: 'FIELD_NOT_EDITABLE', message: `"${h}" is not editable` })),
      );
    }
    if (action === 'create' && record.ownerId !== undefined && record.ownerId !== this.principal.userId) this.requireTransfer(object, path);
  }

  /** Changing a record's owner (to anyone, the caller included) is the transferOwnership permission. */
  private requireTransfer(object: ObjectModel, path: string): void {
    const profile = this.access;
    if (!profile || profile.all || hasSystemPermission(profile, 'transferOwnership') || objectPermissions(profile, object.def.id).modifyAll) return;
    throw new AtriumError('FORBIDDEN', 'you may not transfer ownership of records', [
      { path: `${path}/ownerId`, code: 'TRANSFER_NOT_ALLOWED', message: 'needs the transferOwnership permission' },
    ]);
  }

  private get db(): Kysely<unknown> {
    return this.database.db as unknown as Kysely<unknown>;
  }

  private table(object: ObjectModel): RawBuilder<unknown> {
    return sql.id(this.model.schema, object.table);
  }

  async create(object: ObjectModel, input: Record_, options: WriteOptions = {}): Promise<string> {
    return this.transaction((tx) => this.insertOne(tx, object, input, options.path ?? '/input'));
  }

  /** Creates records; with `upsertBy` (a unique field), updates the live record with the same value instead. */
  async createMany(object: ObjectModel, inputs: Record_[], upsertBy?: string): Promise<string[]> {
    if (inputs.length > 1000)
      throw new AtriumError('VALIDATION_FAILED', 'at most 1000 records per request', [{ path: '/inputs', code: 'TOO_MANY', message: 'at most 1000' }]);
    const key = upsertBy ? object.fields.get(upsertBy) : undefined;
    if (upsertBy && (!key?.def?.unique || key.def.state !== 'active')) {
      throw new AtriumError('VALIDATION_FAILED', `upsertBy must name a unique field of "${object.apiName}"`, [
        { path: '/upsertBy', code: 'NOT_UNIQUE', message: `"${upsertBy}" is not a unique field` },
      ]);
    }
    return this.transaction(async (tx) => {
      const ids: string[] = [];
      for (const [i, input] of inputs.entries()) {
        const path = `/inputs/${i}`;
        const value = key?.def ? input[key.def.apiName] : undefined;
        const existing = key?.def && value !== undefined && value !== null ? await this.findBy(tx, object, key.def, value) : undefined;
        ids.push(existing ? await this.updateOne(tx, object, existing, input, undefined, path) : await this.insertOne(tx, object, input, path));
      }
      return ids;
    });
  }

  async update(object: ObjectModel, id: string, input: Record_, expectedVersion?: number): Promise<string> {
    return this.transaction((tx) => this.updateOne(tx, object, id, input, expectedVersion, '/input'));
  }

  /** Soft-deletes a record and applies its relations' onDelete rules (restrict, setNull, cascade). */
  async delete(object: ObjectModel, id: string): Promise<string> {
    return this.transaction(async (tx) => {
      const at = new Date().toISOString();
      this.checkWrite(object, 'delete', {}, '/id');
      await this.lockEditable(tx, object, id, 'delete');
      await this.softDelete(tx, object, [id], at);
      return id;
    });
  }

  /** Restores a soft-deleted record and undoes what its delete did to related records. */
  async restore(object: ObjectModel, id: string): Promise<string> {
    return this.transaction(async (tx) => {
      this.checkWrite(object, 'delete', {}, '/id');
      const ctx = this.context();
      const found = await sql<{
        deleted_at: Date | null;
      }>`select "r"."deleted_at" from ${this.table(object)} as "r" where "r"."id" = ${id}::uuid and ${rowAccessSql(ctx, object, 'r', 'edit')} for update`.execute(
        tx,
      );
      const row = found.rows[0];
      if (!row) throw notFound(object, id);
      if (row.deleted_at === null) return id;
      await this.requireLiveMaster(tx, object, id);
      await this.restoreTree(tx, object, id, row.deleted_at);
      return id;
    });
  }

  /**
   * Removes a soft-deleted record for good (the recycle bin's purge): a separate, audited
   * permission (`hardDelete`). Records still referenced by others cannot go.
   */
  async hardDelete(object: ObjectModel, id: string): Promise<string> {
    const profile = this.access;
    if (profile && !hasSystemPermission(profile, 'hardDelete')) {
      throw new AtriumError('FORBIDDEN', 'deleting records for good needs the hardDelete permission', [
        { path: '/id', code: 'HARD_DELETE_NOT_ALLOWED', message: 'needs hardDelete' },
      ]);
    }
    return this.transaction(async (tx) => {
      const ctx = this.context();
      const found = await sql<{
        deleted_at: Date | null;
      }>`select "r"."deleted_at" from ${this.table(object)} as "r" where "r"."id" = ${id}::uuid and ${rowAccessSql(ctx, object, 'r', 'edit')} for update`.execute(
        tx,
      );
      const row = found.rows[0];
      if (!row) throw notFound(object, id);
      if (row.deleted_at === null)
        throw new AtriumError('CONFLICT', `delete the ${object.apiName} first; only deleted records can be removed for good`, [
          { path: '/id', code: 'NOT_DELETED', message: 'the record is not deleted' },
        ]);
      for (const other of this.model.objects.values()) {
        for (const field of other.def.fields) {
          if (field.type !== 'manyToMany' || !field.junctionTable) continue;
          if (other === object) await sql`delete from ${sql.id(this.model.schema, field.junctionTable)} where "source_id" = ${id}::uuid`.execute(tx);
          if (field.config?.target === object.def.id)
            await sql`delete from ${sql.id(this.model.schema, field.junctionTable)} where "target_id" = ${id}::uuid`.execute(tx);
        }
      }
      try {
        await sql`delete from ${this.table(object)} where "id" = ${id}::uuid`.execute(tx);
      } catch (error) {
        if ((error as { code?: string }).code === '23503') {
          throw new AtriumError('CONFLICT', `the ${object.apiName} is still referenced by other records; remove those links first`, [
            { path: '/id', code: 'STILL_REFERENCED', message: 'other records refer to it' },
          ]);
        }
        throw error;
      }
      await this.audit(tx, 'record.hardDelete', object, id);
      return id;
    });
  }

  /** Reads records in API shape (for history and rules); one statement. */
  async read(tx: Kysely<unknown>, object: ObjectModel, id: string, selection?: NodeSelection): Promise<Record_ | undefined> {
    const ctx = this.context();
    const items: NodeSelection = selection ?? {
      items: [...object.fields.values()]
        .filter((f) => f.def?.type !== 'manyToMany' && canReadField(ctx, object, f))
        .map((f) => ({ kind: 'field' as const, key: f.apiName, field: f.apiName })),
    };
    const node = compileNode(ctx, object, 'r', items);
    const result = await sql<{
      v: Record_;
    }>`select ${node.json} as v from ${this.table(object)} as "r" ${joinLaterals(node.laterals)} where "r"."id" = ${id}::uuid and ${liveRowsSql(ctx, object, 'r')}`.execute(
      tx,
    );
    return result.rows[0]?.v;
  }

  private async transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction().execute(work);
    } catch (error) {
      throw writeErrorFor(error, this.model) ?? error;
    }
  }

  private async insertOne(tx: Tx, object: ObjectModel, input: Record_, path: string): Promise<string> {
    this.checkWrite(object, 'create', input, path);
    const record = validateInput(this.model, object, input, 'create', path);
    checkRules(this.model, object, record, undefined, path);
    await this.checkTargets(tx, object, record, path);
    const id = newId();
    const actor = this.principal.userId;
    const columns: Record_ = {
      ...columnsOf(object, record),
      id,
      owner_id: (record.ownerId as string | undefined) ?? actor,
      created_by: actor,
      updated_by: actor,
    };
    const names = Object.keys(columns);
    const values: RawBuilder<unknown>[] = names.map((c) => sql`${toParam(columns[c])}`);
    for (const field of object.def.fields) {
      if (field.type !== 'autoNumber') continue;
      const column = primaryColumn(field);
      if (!column) continue;
      names.push(column);
      values.push(sql`nextval(${`${this.model.schema}.${sequenceName(object.table, field)}`}::regclass)`);
    }
    await sql`insert into ${this.table(object)} (${sql.join(names.map((n) => sql.id(n)))}) values (${sql.join(values)})`.execute(tx);
    await this.writeManyToMany(tx, object, id, record, true);
    await this.outbox(tx, object, id, 'create', record);
    await this.audit(tx, 'record.create', object, id);
    return id;
  }

  private async updateOne(tx: Tx, object: ObjectModel, id: string, input: Record_, expectedVersion: number | undefined, path: string): Promise<string> {
    this.checkWrite(object, 'update', input, path);
    const current = await this.lockEditable(tx, object, id, 'update');
    if (expectedVersion !== undefined && expectedVersion !== null && current.row_version !== expectedVersion) {
      throw new AtriumError(
        'CONFLICT',
        `the ${object.apiName} changed since version ${expectedVersion} (it is at version ${current.row_version}); reload it and try again`,
        [{ path: '/expectedVersion', code: 'STALE_VERSION', message: `expected ${expectedVersion}, current ${current.row_version}` }],
      );
    }
    const changes = validateInput(this.model, object, input, 'update', path);
    const previous = (await this.read(tx, object, id)) ?? {};
    if (changes.ownerId !== undefined && changes.ownerId !== previous.ownerId) this.requireTransfer(object, path);
    const merged = { ...previous, ...changes };
    checkRules(this.model, object, merged, previous, path);
    await this.checkTargets(tx, object, changes, path);
    const actor = this.principal.userId;
    const columns: Record_ = columnsOf(object, changes);
    if (changes.ownerId !== undefined) columns.owner_id = changes.ownerId;
    // A field mid-conversion: the old columns are cleared so the backfill does not bring old values back.
    for (const field of object.def.fields) {
      if (field.conversion && field.apiName in changes) for (const old of Object.values(field.conversion.fromColumns)) columns[old] = null;
    }
    const sets = Object.entries(columns).map(([c, v]) => sql`${sql.id(c)} = ${toParam(v)}`);
    sets.push(sql`"row_version" = "row_version" + 1`, sql`"updated_at" = now()`, sql`"updated_by" = ${actor}::uuid`);
    await sql`update ${this.table(object)} set ${sql.join(sets)} where "id" = ${id}::uuid`.execute(tx);
    await this.writeManyToMany(tx, object, id, changes, false);
    await this.history(tx, object, id, previous, changes);
    if (changes.ownerId !== undefined && changes.ownerId !== previous.ownerId)
      await this.audit(tx, 'record.transfer', object, id, { from: previous.ownerId ?? null, to: changes.ownerId });
    await this.outbox(tx, object, id, 'update', changes);
    return id;
  }

  private async findBy(tx: Tx, object: ObjectModel, field: FieldDef, value: unknown): Promise<string | undefined> {
    const column = primaryColumn(field);
    if (!column) return undefined;
    // Only a record the caller may read can be upserted; a hidden one is neither revealed nor touched.
    const found = await sql<{
      id: string;
    }>`select "u"."id" from ${this.table(object)} as "u" where "u".${sql.id(column)} = ${toParam(value)} and ${liveRowsSql(this.context(), object, 'u')} for update`.execute(
      tx,
    );
    return found.rows[0]?.id;
  }

  /** Lookups must point to live records of their target (soft-deleted ones do not count). */
  private async checkTargets(tx: Tx, object: ObjectModel, record: Record_, path: string): Promise<void> {
    for (const relation of object.relations.values()) {
      const value = record[relation.name];
      if (value === undefined || value === null) continue;
      if (relation.kind === 'toMany') continue;
      const target = this.model.objects.get(relation.target);
      if (!target) continue;
      const ids = Array.isArray(value) ? (value as string[]) : [value as string];
      if (ids.length === 0) continue;
      // Only records the caller may read can be linked: others answer like missing ones.
      const found = await sql<{
        n: number;
      }>`select count(*)::int as n from ${this.table(target)} as "k" where "k"."id" = any(${ids}::uuid[]) and ${liveRowsSql(this.context(), target, 'k')}`.execute(
        tx,
      );
      if ((found.rows[0]?.n ?? 0) !== new Set(ids).size) {
        throw new AtriumError('VALIDATION_FAILED', `"${relation.name}" must point to existing ${target.pluralApiName}`, [
          { path: `${path}/${relation.name}`, code: 'UNKNOWN_RECORD', message: `no ${target.apiName} with that id` },
        ]);
      }
    }
  }

  private async writeManyToMany(tx: Tx, object: ObjectModel, id: string, record: Record_, created: boolean): Promise<void> {
    for (const field of object.def.fields) {
      if (field.type !== 'manyToMany' || !field.junctionTable || !(field.apiName in record)) continue;
      const ids = [...new Set((record[field.apiName] as string[] | null) ?? [])];
      const junction = sql.id(this.model.schema, field.junctionTable);
      if (!created) await sql`delete from ${junction} where "source_id" = ${id}::uuid and not ("target_id" = any(${ids}::uuid[]))`.execute(tx);
      if (ids.length > 0) {
        await sql`insert into ${junction} ("source_id", "target_id", "created_by") select ${id}::uuid, t, ${this.principal.userId}::uuid from unnest(${ids}::uuid[]) as t on conflict do nothing`.execute(
          tx,
        );
      }
    }
  }

  private async softDelete(tx: Tx, object: ObjectModel, ids: string[], at: string): Promise<void> {
    if (ids.length === 0) return;
    const effects: Array<{ object: string; field: string; ids: string[]; effect: 'setNull' | 'cascade' }> = [];
    for (const child of this.model.objects.values()) {
      for (const field of child.def.fields) {
        if ((field.type !== 'lookup' && field.type !== 'masterDetail') || field.config?.target !== object.def.id) continue;
        const column = primaryColumn(field);
        if (!column) continue;
        const onDelete = field.type === 'masterDetail' ? 'cascade' : (field.config?.onDelete ?? 'setNull');
        const where = sql`${sql.id(column)} = any(${ids}::uuid[]) and "deleted_at" is null`;
        if (onDelete === 'restrict') {
          const count = await sql<{ n: number }>`select count(*)::int as n from ${this.table(child)} where ${where}`.execute(tx);
          const n = count.rows[0]?.n ?? 0;
          if (n > 0) {
            // No count: it would include records the caller may not see.
            throw new AtriumError('CONFLICT', `the ${object.apiName} cannot be deleted: ${child.pluralApiName} still refer to it through "${field.apiName}"`, [
              { path: '/id', code: 'DELETE_RESTRICTED', message: `${child.pluralApiName} refer to it` },
            ]);
          }
        } else if (onDelete === 'setNull') {
          const changed = await sql<{
            id: string;
          }>`update ${this.table(child)} set ${sql.id(column)} = null, "row_version" = "row_version" + 1, "updated_at" = now() where ${where} returning "id"`.execute(
            tx,
          );
          if (changed.rows.length) effects.push({ object: child.def.id, field: field.id, ids: changed.rows.map((r) => r.id), effect: 'setNull' });
          for (const row of changed.rows) await this.outbox(tx, child, row.id, 'update', { [field.apiName]: null });
        } else {
          const children = await sql<{ id: string }>`select "id" from ${this.table(child)} where ${where} for update`.execute(tx);
          const childIds = children.rows.map((r) => r.id);
          if (childIds.length) {
            effects.push({ object: child.def.id, field: field.id, ids: childIds, effect: 'cascade' });
            await this.softDelete(tx, child, childIds, at);
          }
        }
      }
    }
    await sql`update ${this.table(object)} set "deleted_at" = ${at}::timestamptz, "row_version" = "row_version" + 1 where "id" = any(${ids}::uuid[])`.execute(
      tx,
    );
    // Each deleted record keeps the batch's effects: undoing them is idempotent, so restoring
    // any record of the batch brings back what its delete changed.
    for (const id of ids) {
      await sql`insert into ${sql.id(this.model.schema, '_deletion')} ("object_id", "record_id", "deleted_at", "effects", "actor_id") values (${object.def.id}, ${id}::uuid, ${at}::timestamptz, ${JSON.stringify(effects)}::jsonb, ${this.principal.userId}::uuid)`.execute(
        tx,
      );
      await this.outbox(tx, object, id, 'delete', {});
      await this.audit(tx, 'record.delete', object, id, { at });
    }
  }

  /** A master-detail child comes back only with (or after) its master. */
  private async requireLiveMaster(tx: Tx, object: ObjectModel, id: string): Promise<void> {
    for (const field of object.def.fields) {
      if (field.type !== 'masterDetail' || field.state === 'deleted') continue;
      const master = field.config?.target ? this.model.objectsById.get(field.config.target) : undefined;
      const column = primaryColumn(field);
      if (!master || !column) continue;
      const found = await sql<{
        live: boolean;
      }>`select m."deleted_at" is null as live from ${this.table(object)} as c join ${this.table(master)} as m on m."id" = c.${sql.id(column)} where c."id" = ${id}::uuid`.execute(
        tx,
      );
      if (found.rows[0] && !found.rows[0].live) {
        throw new AtriumError('CONFLICT', `restore the ${master.apiName} first: this ${object.apiName} belongs to it`, [
          { path: '/id', code: 'MASTER_DELETED', message: `its ${field.apiName} is deleted` },
        ]);
      }
    }
  }

  private async restoreTree(tx: Tx, object: ObjectModel, id: string, deletedAt: Date): Promise<void> {
    const at = deletedAt.toISOString();
    const log = await sql<{ effects: Array<{ object: string; field: string; ids: string[]; effect: 'setNull' | 'cascade' }> }>`
      select "effects" from ${sql.id(this.model.schema, '_deletion')} where "record_id" = ${id}::uuid and "deleted_at" = ${at}::timestamptz order by "id" desc limit 1`.execute(
      tx,
    );
    await sql`update ${this.table(object)} set "deleted_at" = null, "row_version" = "row_version" + 1, "updated_at" = now(), "updated_by" = ${this.principal.userId}::uuid where "id" = ${id}::uuid`.execute(
      tx,
    );
    await this.outbox(tx, object, id, 'restore', {});
    await this.audit(tx, 'record.restore', object, id);
    for (const effect of log.rows[0]?.effects ?? []) {
      const child = this.model.objectsById.get(effect.object);
      const field = child?.def.fields.find((f) => f.id === effect.field);
      const column = field ? primaryColumn(field) : undefined;
      if (!child || !field || !column) continue;
      if (effect.effect === 'setNull') {
        await sql`update ${this.table(child)} set ${sql.id(column)} = ${id}::uuid, "row_version" = "row_version" + 1, "updated_at" = now() where "id" = any(${effect.ids}::uuid[]) and ${sql.id(column)} is null`.execute(
          tx,
        );
        for (const childId of effect.ids) await this.outbox(tx, child, childId, 'update', { [field.apiName]: id });
      } else {
        for (const childId of effect.ids) {
          const still = await sql<{ deleted_at: Date | null }>`select "deleted_at" from ${this.table(child)} where "id" = ${childId}::uuid`.execute(tx);
          const childDeletedAt = still.rows[0]?.deleted_at;
          if (childDeletedAt && childDeletedAt.toISOString() === at) await this.restoreTree(tx, child, childId, childDeletedAt);
        }
      }
    }
  }

  /** Field history of tracked fields (old value, new value, who, which credential). */
  private async history(tx: Tx, object: ObjectModel, id: string, previous: Record_, changes: Record_): Promise<void> {
    const options = object.def.options;
    if (!options?.trackHistory) return;
    const tracked = options.trackedFields ? new Set(options.trackedFields) : undefined;
    const rows: RawBuilder<unknown>[] = [];
    for (const field of object.def.fields) {
      if (!(field.apiName in changes) || (tracked && !tracked.has(field.apiName))) continue;
      const before = previous[field.apiName] ?? null;
      const after = changes[field.apiName] ?? null;
      if (JSON.stringify(before) === JSON.stringify(after)) continue;
      rows.push(
        sql`(${object.def.id}, ${id}::uuid, ${field.id}, ${JSON.stringify(before)}::jsonb, ${JSON.stringify(after)}::jsonb, ${this.principal.userId}::uuid, ${credentialOf(this.principal)})`,
      );
    }
    if (rows.length === 0) return;
    await sql`insert into ${sql.id(this.model.schema, '_field_history')} ("object_id", "record_id", "field_id", "old_value", "new_value", "actor_id", "credential") values ${sql.join(rows)}`.execute(
      tx,
    );
  }

  /** Record events of the audit trail (who, which credential), in the write's transaction. */
  private async audit(tx: Tx, event: AuditEvent, object: ObjectModel, id: string, details: Record_ = {}): Promise<void> {
    await recordAudit(tx, this.model.schema, {
      event,
      objectId: object.def.id,
      recordId: id,
      actorId: this.principal.userId,
      credential: credentialOf(this.principal),
      details,
    });
  }

  /** One outbox row per record change, in the write's transaction (automations consume them after commit). */
  private async outbox(tx: Tx, object: ObjectModel, id: string, operation: 'create' | 'update' | 'delete' | 'restore', changes: Record_): Promise<void> {
    await sql`insert into ${sql.id(this.model.schema, '_outbox')} ("object_id", "record_id", "operation", "changes", "actor_id") values (${object.def.id}, ${id}::uuid, ${operation}, ${JSON.stringify(changes)}::jsonb, ${this.principal.userId}::uuid)`.execute(
      tx,
    );
  }
}

/** A record's columns as bind parameters: json fields travel as JSON text, whatever their value. */
function columnsOf(object: ObjectModel, record: Record_): Record_ {
  const columns = recordToColumns(object.def, record);
  for (const field of object.def.fields) {
    if (field.type !== 'json' || !(field.apiName in record)) continue;
    const column = field.columns?.value;
    if (column && columns[column] !== null && columns[column] !== undefined) columns[column] = JSON.stringify(columns[column]);
  }
  return columns;
}

/** The credential a change went through, for history and audit (`apiKey:<id>`, `session:<id>`). */
export function credentialOf(principal: Principal): string {
  const session = (principal as { sessionId?: string }).sessionId;
  return principal.kind === 'apiKey' ? `apiKey:${principal.keyId}` : `session:${session ?? principal.userId}`;
}

/** JSON values go to jsonb columns as text; arrays stay arrays (text[]). */
function toParam(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return JSON.stringify(value);
  return value;
}

export function notFound(object: ObjectModel, id: string): AtriumError {
  return new AtriumError('NOT_FOUND', `no ${object.apiName} with id ${id}`, [
    { path: '/id', code: 'NOT_FOUND', message: `no ${object.apiName} with id ${id}` },
  ]);
}
