import { sql } from 'kysely';
import { applySystemChange } from '../../applier/apply-metadata-change.ts';
import { sequenceName } from '../../ddl/object-table-ddl.ts';
import type { TaskHandler } from '../job-context.ts';

/**
 * Drops a field's set-aside columns once its restore window has passed, unless it was restored
 * (or deleted again later, which starts a new window). Also drops the old columns a type change
 * left behind (`payload.columns`).
 */
export const purgeField: TaskHandler = async ({ db, payload, tenantId }) => {
  const { schema, table, objectId, fieldId, deletedAt } = payload;
  const leftovers = Array.isArray(payload.columns) ? (payload.columns as string[]) : undefined;
  let outcome = 'nothing to purge';
  await applySystemChange(db, tenantId, `purge field ${fieldId}`, async (bundle, tx) => {
    const object = bundle.objects.find((o) => o.id === objectId);
    if (!object) return false;
    const inUse = new Set(object.fields.flatMap((f) => [...Object.values(f.columns ?? {}), ...Object.values(f.conversion?.fromColumns ?? {})]));
    if (leftovers) {
      const drop = leftovers.filter((c) => !inUse.has(c));
      for (const column of drop) await sql`alter table ${sql.id(schema, table)} drop column if exists ${sql.id(column)}`.execute(tx);
      outcome = `dropped ${drop.length} old columns`;
      return false; // columns only: the metadata is unchanged
    }
    const field = object.fields.find((f) => f.id === fieldId);
    if (field?.state !== 'deleted' || field.deletedAt !== deletedAt) return false; // restored, or deleted again since
    for (const column of Object.values(field.columns ?? {}))
      await sql`alter table ${sql.id(schema, table)} drop column if exists ${sql.id(column)}`.execute(tx);
    if (field.junctionTable) await sql`drop table if exists ${sql.id(schema, field.junctionTable)}`.execute(tx);
    if (field.type === 'autoNumber') await sql`drop sequence if exists ${sql.id(schema, sequenceName(table, field))}`.execute(tx);
    object.fields = object.fields.filter((f) => f !== field);
    outcome = `purged field ${field.apiName}`;
    return true;
  });
  return outcome;
};

/** Drops a set-aside object's table (and its junction tables) once its restore window has passed. */
export const purgeObject: TaskHandler = async ({ db, payload, tenantId }) => {
  const { schema, table, objectId, deletedAt } = payload;
  let outcome = 'nothing to purge';
  await applySystemChange(db, tenantId, `purge object ${objectId}`, async (bundle, tx) => {
    const object = bundle.objects.find((o) => o.id === objectId);
    if (object?.state !== 'deleted' || object.deletedAt !== deletedAt) return false; // restored, or deleted again since
    for (const field of object.fields) if (field.junctionTable) await sql`drop table if exists ${sql.id(schema, field.junctionTable)}`.execute(tx);
    // Junction tables of other objects pointing here belong to set-aside fields by now.
    await sql`drop table if exists ${sql.id(schema, table)} cascade`.execute(tx);
    bundle.objects = bundle.objects.filter((o) => o !== object);
    bundle.layouts = bundle.layouts.filter((l) => l.object !== objectId);
    bundle.pipelines = bundle.pipelines.filter((p) => p.object !== objectId);
    bundle.validationRules = bundle.validationRules.filter((r) => r.object !== objectId);
    outcome = `purged object ${object.apiName}`;
    return true;
  });
  return outcome;
};
