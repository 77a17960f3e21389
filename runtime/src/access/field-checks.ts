import { AtriumError } from '@atrium/errors';
import { ruleVariables } from '@atrium/metadata';
import type { FieldModel, ObjectModel } from '../model/tenant-model.ts';
import type { QueryContext } from '../query/aliases.ts';
import { fieldAccess, objectPermissions } from './access-profile.ts';

/** The caller may read records of the object at all (else FORBIDDEN). */
export function requireObjectRead(ctx: QueryContext, object: ObjectModel, path = ''): void {
  if (!ctx.access || ctx.access.all) return;
  if (!objectPermissions(ctx.access, object.def.id).read) {
    throw new AtriumError('FORBIDDEN', `you may not read ${object.pluralApiName}`, [
      { path, code: 'OBJECT_NOT_READABLE', message: `no read permission on ${object.apiName}` },
    ]);
  }
}

export function canReadField(ctx: QueryContext, object: ObjectModel, field: FieldModel): boolean {
  if (!ctx.access || ctx.access.all) return true;
  return fieldAccess(ctx.access, object.def.id, field.def?.id) !== undefined;
}

/**
 * A field the caller may not read cannot be selected, filtered, sorted or grouped by: the request
 * is refused rather than silently answered without it (field permissions are an allow-list).
 */
export function requireFieldRead(ctx: QueryContext, object: ObjectModel, field: FieldModel, path: string): void {
  if (canReadField(ctx, object, field)) return;
  throw new AtriumError('FORBIDDEN', `you may not read the field "${field.apiName}" of ${object.pluralApiName}`, [
    { path, code: 'FIELD_NOT_READABLE', message: `"${field.apiName}" is not readable` },
  ]);
}

/** Whether a formula reads (directly, or through lookups) a field the caller may not read. */
function formulaReadsHidden(ctx: QueryContext, object: ObjectModel, field: FieldModel, depth = 0): boolean {
  const expression = field.def?.config?.expression;
  if (expression === undefined || depth > 4) return false;
  for (const path of ruleVariables(expression)) {
    let current: ObjectModel | undefined = object;
    for (const part of path.split('.')) {
      const next: FieldModel | undefined = current?.fields.get(part);
      if (!current || !next) break;
      if (!canReadField(ctx, current, next)) return true;
      if (next.def?.type === 'formula' && formulaReadsHidden(ctx, current, next, depth + 1)) return true;
      const relation = current.relations.get(part);
      current = relation?.kind === 'toOne' ? ctx.model.objects.get(relation.target) : undefined;
    }
  }
  return false;
}

/**
 * Filtering or sorting by a formula would reveal what it reads: refused when that includes a
 * field the caller may not read (selecting it shows the formula computed without them).
 */
export function requireComparable(ctx: QueryContext, object: ObjectModel, field: FieldModel, path: string): void {
  requireFieldRead(ctx, object, field, path);
  if (!ctx.access || ctx.access.all || field.def?.type !== 'formula') return;
  if (formulaReadsHidden(ctx, object, field)) {
    throw new AtriumError('FORBIDDEN', `you may not filter or sort by "${field.apiName}": it is computed from fields you may not read`, [
      { path, code: 'FIELD_NOT_READABLE', message: 'computed from hidden fields' },
    ]);
  }
}
