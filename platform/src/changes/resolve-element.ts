import { AtriumError } from '@atrium/errors';
import type { FieldDef, MetadataBundle, ObjectDef } from '@atrium/metadata';

/** Finds an object by id, else by API name (live objects first). */
export function findObject(bundle: MetadataBundle, ref: string, path: string): ObjectDef {
  const found =
    bundle.objects.find((o) => o.id === ref) ??
    bundle.objects.find((o) => o.apiName === ref && o.state !== 'deleted') ??
    bundle.objects.find((o) => o.apiName === ref);
  if (!found) throw new AtriumError('NOT_FOUND', `no object "${ref}"`, [{ path, code: 'UNKNOWN_OBJECT', message: `no object with id or API name "${ref}"` }]);
  return found;
}

/** Finds a field of `object` by id, else by API name (live fields first). */
export function findField(object: ObjectDef, ref: string, path: string): FieldDef {
  const found =
    object.fields.find((f) => f.id === ref) ??
    object.fields.find((f) => f.apiName === ref && f.state !== 'deleted') ??
    object.fields.find((f) => f.apiName === ref);
  if (!found) {
    throw new AtriumError('NOT_FOUND', `object "${object.apiName}" has no field "${ref}"`, [
      { path, code: 'UNKNOWN_FIELD', message: `object "${object.apiName}" has no field with id or API name "${ref}"` },
    ]);
  }
  return found;
}
