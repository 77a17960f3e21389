import { AtriumError } from '@atrium/errors';
import type { FieldModel, ObjectModel } from '../model/tenant-model.ts';
import type { QueryContext } from '../query/aliases.ts';
import { fieldAccess, objectPermissions } from './access-profile.ts';

/** The caller may read records of the object at all (else FORBIDDEN). */
export function requireObjectRead(ctx: QueryContext, object: ObjectModel, path = ''): void {
  if (!ctx.access || ctx.access.all) return;
  if (!objectPermissions(ctx.access, object.def.id).read) {
    throw new AtriumError('FORBIDDEN', `you may not read ${object.pluralApiName}`, [{ path, code: 'OBJECT_NOT_READABLE', message: `no read permission on ${object.apiName}` }]);
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
  throw new AtriumError('FORBIDDEN', `you may not read the field "${field.apiName}" of ${object.pluralApiName}`, [{ path, code: 'FIELD_NOT_READABLE', message: `"${field.apiName}" is not readable` }]);
}
