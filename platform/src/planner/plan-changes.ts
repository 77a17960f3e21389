import { AtriumError } from '@atrium/errors';
import { type FieldDef, fieldType, type MetadataBundle, type ObjectDef } from '@atrium/metadata';
import {
  addColumnsDdl,
  createJunctionTableDdl,
  createSequenceDdl,
  createTableDdl,
  dropConstraintDdl,
  dropIndexDdl,
  foreignKeyDdl,
  foreignKeyName,
  isEffectivelyRequired,
  isRelationToOne,
  plainIndexDdl,
  plainIndexName,
  requiredCheckDdl,
  requiredCheckName,
  uniqueIndexDdl,
  uniqueIndexName,
} from '../ddl/object-table-ddl.ts';
import { type ChangePlan, type JobPayload, type PlanAction, type PlannedJob, type PlanStep, RESTORE_WINDOW_DAYS } from './change-plan.ts';
import { describeMetadataDocumentChanges } from './document-changes.ts';
import { sameJson } from './same-json.ts';

export interface PlanContext {
  schema: string;
  baseVersion: number;
  /** Rows per existing table (exact for small tables, estimated for large ones). */
  rowCounts: ReadonlyMap<string, number>;
}

/** Tables whose row counts the plan needs: existing tables of objects that change. */
export function tablesTouched(current: MetadataBundle, next: MetadataBundle): string[] {
  const tables: string[] = [];
  for (const object of next.objects) {
    const before = current.objects.find((o) => o.id === object.id);
    if (before?.table && !sameJson(before, object)) tables.push(before.table);
  }
  return tables;
}

/** DDL grouped by phase so that tables exist before columns, and columns before constraints. */
class DdlPhases {
  readonly tables: string[] = [];
  readonly columns: string[] = [];
  readonly constraints: string[] = [];
  readonly junctions: string[] = [];
  all(): string[] {
    return [...this.tables, ...this.columns, ...this.constraints, ...this.junctions];
  }
}

/**
 * Diffs the stored metadata before and after a change (matching elements by id) into a plan:
 * DDL that never rewrites a table nor holds long locks, the rows concerned, destructive steps,
 * and follow-up jobs (DESIGN.md §3). Marks fields whose uniqueness is being built as `building`
 * in `next`.
 */
export function planChanges(current: MetadataBundle, next: MetadataBundle, context: PlanContext): ChangePlan {
  const steps: PlanStep[] = [];
  const jobs: PlannedJob[] = [];
  const ddl = new DdlPhases();
  const { schema } = context;
  const tableOf = (objectId: string | undefined): string => {
    const target = next.objects.find((o) => o.id === objectId) ?? current.objects.find((o) => o.id === objectId);
    if (!target?.table) throw new Error(`object ${objectId} has no table`);
    return target.table;
  };
  const step = (action: PlanAction, object: ObjectDef, description: string, extra: Partial<PlanStep> = {}): void => {
    steps.push({ action, object: object.apiName, description, destructive: false, rowsAffected: 0, ...extra });
  };
  const job = (task: PlannedJob['task'], description: string, payload: JobPayload, runAt?: string): void => {
    jobs.push({ task, description, payload, ...(runAt ? { runAt } : {}) });
  };

  for (const object of next.objects) {
    const before = current.objects.find((o) => o.id === object.id);
    const table = object.table;
    if (!table) throw new Error(`object "${object.apiName}" has no table`);
    const rows = context.rowCounts.get(table) ?? 0;
    const base = (fieldId?: string): JobPayload => ({ objectId: object.id, schema, table, ...(fieldId ? { fieldId } : {}) });

    if (!before) {
      if (object.state === 'deleted') continue;
      ddl.tables.push(
        createTableDdl(
          schema,
          table,
          object.fields.filter((f) => f.state !== 'deleted'),
        ),
      );
      step('createObject', object, `create object "${object.apiName}" (table ${table}) with ${object.fields.length} fields`);
      for (const field of object.fields) addFieldDdl(object, field, 0, true);
      continue;
    }

    const wasLive = before.state !== 'deleted';
    const isLive = object.state !== 'deleted';
    if (wasLive && !isLive) {
      step('deleteObject', object, `set aside object "${object.apiName}" and its ${rows} records (restorable for ${RESTORE_WINDOW_DAYS} days)`, {
        destructive: true,
        rowsAffected: rows,
      });
      job('purgeObject', `purge object "${object.apiName}" if not restored`, { ...base(), deletedAt: object.deletedAt }, purgeTime(object.deletedAt));
      continue;
    }
    if (!isLive) continue;
    if (!wasLive) step('restoreObject', object, `restore object "${object.apiName}" with its ${rows} records`);
    if (before.apiName !== object.apiName)
      step('renameObject', object, `rename object "${before.apiName}" to "${object.apiName}" (API only; table ${table} keeps its name)`);
    else if (objectAttributesChanged(before, object)) step('updateObject', object, `update object "${object.apiName}"`);

    for (const field of object.fields) {
      const previous = before.fields.find((f) => f.id === field.id);
      if (!previous) {
        if (field.state !== 'deleted') addFieldDdl(object, field, rows, false);
        continue;
      }
      const wasLiveField = previous.state !== 'deleted';
      const isLiveField = field.state !== 'deleted';
      if (wasLiveField && !isLiveField) {
        dropFieldConstraints(table, previous);
        step('deleteField', object, `set aside field "${field.apiName}" of "${object.apiName}" with its values (restorable for ${RESTORE_WINDOW_DAYS} days)`, {
          field: field.apiName,
          destructive: true,
          rowsAffected: rows,
        });
        job(
          'purgeField',
          `purge field "${field.apiName}" of "${object.apiName}" if not restored`,
          { ...base(field.id), deletedAt: field.deletedAt },
          purgeTime(field.deletedAt),
        );
        continue;
      }
      if (!isLiveField) continue;
      if (!wasLiveField) {
        step('restoreField', object, `restore field "${field.apiName}" of "${object.apiName}" with its values`, { field: field.apiName, rowsAffected: rows });
        addFieldConstraints(object, field, rows, false);
        continue;
      }
      if (previous.apiName !== field.apiName) {
        step('renameField', object, `rename field "${previous.apiName}" of "${object.apiName}" to "${field.apiName}" (column keeps its name)`, {
          field: field.apiName,
        });
      }
      if (field.conversion && !previous.conversion) {
        planConversion(object, previous, field, rows);
        continue;
      }
      if (previous.type !== field.type) {
        step('changeFieldType', object, `change field "${field.apiName}" of "${object.apiName}" from ${previous.type} to ${field.type} (same column)`, {
          field: field.apiName,
        });
      }
      if (isRelationToOne(field) && previous.config?.target !== field.config?.target) {
        throw new AtriumError('UNSAFE_CHANGE', `field "${field.apiName}" of object "${object.apiName}" cannot point to another object`, [
          {
            path: `/metadata/objects/${object.apiName}/fields/${field.apiName}/config/target`,
            code: 'UNSAFE_TYPE_CHANGE',
            message: 'a relation cannot change its target object; add a new field instead',
          },
        ]);
      }
      if (field.conversion) continue; // constraints follow when the conversion completes
      planAttributeChanges(object, previous, field, rows);
    }
  }

  for (const change of describeMetadataDocumentChanges(current, next)) steps.push(change);

  const rowsAffected = steps.reduce((sum, s) => sum + s.rowsAffected, 0);
  const destructive = steps.some((s) => s.destructive);
  return {
    baseVersion: context.baseVersion,
    version: context.baseVersion + 1,
    steps,
    ddl: ddl.all(),
    jobs,
    destructive,
    rowsAffected,
    summary: summarize(steps),
  };

  /** A new field: columns, then constraints (valid at once on an empty table, else NOT VALID + a job). */
  function addFieldDdl(object: ObjectDef, field: FieldDef, rows: number, newTable: boolean): void {
    const table = object.table as string;
    if (!newTable) ddl.columns.push(...addColumnsDdl(schema, table, field));
    if (field.type === 'manyToMany' && field.junctionTable) {
      ddl.junctions.push(...createJunctionTableDdl(schema, field.junctionTable, table, tableOf(field.config?.target)));
    }
    if (!newTable) step('addField', object, `add ${field.type} field "${field.apiName}" to "${object.apiName}"`, { field: field.apiName });
    addFieldConstraints(object, field, rows, newTable);
  }

  function addFieldConstraints(object: ObjectDef, field: FieldDef, rows: number, newTable: boolean): void {
    const table = object.table as string;
    const empty = newTable || rows === 0;
    const columns = fieldType(field.type).columns(field);
    if (columns.length === 0) return;
    if (field.type === 'autoNumber') {
      ddl.constraints.push(createSequenceDdl(schema, table, field));
      if (!empty)
        job('numberRecords', `number the ${rows} existing "${object.apiName}" records for "${field.apiName}"`, {
          objectId: object.id,
          fieldId: field.id,
          schema,
          table,
        });
    }
    if (isEffectivelyRequired(field)) {
      ddl.constraints.push(requiredCheckDdl(schema, table, field, !empty));
      if (!empty) {
        job('validateConstraint', `check that every "${object.apiName}" record has "${field.apiName}"`, {
          objectId: object.id,
          fieldId: field.id,
          schema,
          table,
          name: requiredCheckName(table, field),
        });
      }
    }
    if (isRelationToOne(field) && field.type !== 'user') {
      ddl.constraints.push(foreignKeyDdl(schema, table, field, schema, tableOf(field.config?.target), !empty));
      if (!empty) {
        job('validateConstraint', `check that every "${object.apiName}".${field.apiName} points to an existing record`, {
          objectId: object.id,
          fieldId: field.id,
          schema,
          table,
          name: foreignKeyName(table, field),
        });
      }
    }
    if (field.unique) indexField(object, field, true, empty);
    else if (field.indexed || isRelationToOne(field)) indexField(object, field, false, empty);
  }

  function indexField(object: ObjectDef, field: FieldDef, unique: boolean, empty: boolean): void {
    const table = object.table as string;
    if (empty) {
      ddl.constraints.push(unique ? uniqueIndexDdl(schema, table, field, false) : plainIndexDdl(schema, table, field, false));
      return;
    }
    // CREATE INDEX CONCURRENTLY cannot run in the transaction: a job builds it meanwhile.
    if (unique) field.state = 'building';
    job('buildIndex', `build the ${unique ? 'unique ' : ''}index of "${object.apiName}".${field.apiName}`, {
      objectId: object.id,
      fieldId: field.id,
      schema,
      table,
      name: unique ? uniqueIndexName(table, field) : plainIndexName(table, field),
      ddl: unique ? uniqueIndexDdl(schema, table, field, true) : plainIndexDdl(schema, table, field, true),
      unique,
    });
  }

  function dropFieldConstraints(table: string, field: FieldDef): void {
    if (fieldType(field.type).columns(field).length === 0) return;
    if (isEffectivelyRequired(field)) ddl.constraints.push(dropConstraintDdl(schema, table, requiredCheckName(table, field)));
    if (isRelationToOne(field) && field.type !== 'user') ddl.constraints.push(dropConstraintDdl(schema, table, foreignKeyName(table, field)));
    if (field.unique) ddl.constraints.push(dropIndexDdl(schema, uniqueIndexName(table, field)));
    if (field.indexed || isRelationToOne(field)) ddl.constraints.push(dropIndexDdl(schema, plainIndexName(table, field)));
  }

  function planAttributeChanges(object: ObjectDef, previous: FieldDef, field: FieldDef, rows: number): void {
    const table = object.table as string;
    const empty = rows === 0;
    const f = field.apiName;
    if (isEffectivelyRequired(field) && !isEffectivelyRequired(previous)) {
      ddl.constraints.push(requiredCheckDdl(schema, table, field, !empty));
      step('requireField', object, `require "${f}" on "${object.apiName}"${empty ? '' : ` (existing ${rows} records are checked by a job)`}`, {
        field: f,
        rowsAffected: rows,
      });
      if (!empty)
        job('validateConstraint', `check that every "${object.apiName}" record has "${f}"`, {
          objectId: object.id,
          fieldId: field.id,
          schema,
          table,
          name: requiredCheckName(table, field),
        });
    } else if (!isEffectivelyRequired(field) && isEffectivelyRequired(previous)) {
      ddl.constraints.push(dropConstraintDdl(schema, table, requiredCheckName(table, previous)));
      step('unrequireField', object, `make "${f}" on "${object.apiName}" optional`, { field: f });
    }
    if (field.unique && !previous.unique) {
      if (previous.indexed || isRelationToOne(previous)) ddl.constraints.push(dropIndexDdl(schema, plainIndexName(table, previous)));
      indexField(object, field, true, empty);
      step('addUniqueness', object, `make "${f}" on "${object.apiName}" unique${empty ? '' : ' (index built by a job; duplicates make it fail)'}`, {
        field: f,
        rowsAffected: rows,
      });
    } else if (!field.unique && previous.unique) {
      ddl.constraints.push(dropIndexDdl(schema, uniqueIndexName(table, previous)));
      step('dropUniqueness', object, `stop requiring unique "${f}" on "${object.apiName}"`, { field: f });
      if (field.indexed || isRelationToOne(field)) indexField(object, field, false, empty);
    } else if (!field.unique) {
      const wants = field.indexed === true || isRelationToOne(field);
      const had = previous.indexed === true || isRelationToOne(previous);
      if (wants && !had) {
        indexField(object, field, false, empty);
        step('addIndex', object, `index "${f}" on "${object.apiName}"`, { field: f });
      } else if (!wants && had) {
        ddl.constraints.push(dropIndexDdl(schema, plainIndexName(table, previous)));
        step('dropIndex', object, `drop the index of "${f}" on "${object.apiName}"`, { field: f });
      }
    }
    if (!sameJson(withoutPhysical(previous), withoutPhysical(field)) && !steps.some((s) => s.object === object.apiName && s.field === f)) {
      step('updateField', object, `update field "${f}" of "${object.apiName}"`, { field: f });
    }
  }

  /** Expand: new columns now; a job backfills them in batches, then swaps them in (contract). */
  function planConversion(object: ObjectDef, previous: FieldDef, field: FieldDef, rows: number): void {
    const table = object.table as string;
    const conversion = fieldType(previous.type).conversions.find((c) => c.to === field.type);
    const lossy = conversion?.lossy === true;
    dropFieldConstraints(table, previous);
    ddl.columns.push(...addColumnsDdl(schema, table, field));
    step(
      'changeFieldType',
      object,
      `convert field "${field.apiName}" of "${object.apiName}" from ${previous.type} to ${field.type}: new column, ${rows} records copied by a job${lossy ? ` (${conversion?.note ?? 'may lose data'})` : ''}`,
      { field: field.apiName, destructive: lossy, rowsAffected: rows },
    );
    job('convertField', `copy "${object.apiName}".${field.apiName} into its new ${field.type} column`, {
      objectId: object.id,
      fieldId: field.id,
      schema,
      table,
    });
  }
}

function objectAttributesChanged(before: ObjectDef, after: ObjectDef): boolean {
  const strip = ({ fields: _f, table: _t, state: _s, deletedAt: _d, ...rest }: ObjectDef) => rest;
  return !sameJson(strip(before), strip(after));
}

function withoutPhysical({ columns: _c, junctionTable: _j, state: _s, deletedAt: _d, conversion: _v, apiName: _a, ...rest }: FieldDef) {
  return rest;
}

function purgeTime(deletedAt: string | undefined): string {
  const at = deletedAt ? new Date(deletedAt) : new Date();
  return new Date(at.getTime() + RESTORE_WINDOW_DAYS * 86_400_000).toISOString();
}

function summarize(steps: PlanStep[]): string {
  if (steps.length === 0) return 'no changes';
  const counts = new Map<string, number>();
  for (const s of steps) counts.set(s.action, (counts.get(s.action) ?? 0) + 1);
  return [...counts].map(([action, n]) => `${n} × ${action}`).join(', ');
}
