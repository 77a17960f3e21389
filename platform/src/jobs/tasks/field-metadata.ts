import type { FieldDef, MetadataBundle, ObjectDef } from '@atrium/metadata';

/** The object and field a job works on, as they are now (they may have changed since it was queued). */
export function jobField(bundle: MetadataBundle, objectId: string, fieldId: string | undefined): { object?: ObjectDef; field?: FieldDef } {
  const object = bundle.objects.find((o) => o.id === objectId);
  const field = fieldId ? object?.fields.find((f) => f.id === fieldId) : undefined;
  return { object, field };
}
