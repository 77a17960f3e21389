import type { FieldDef, Labels, MetadataBundle, ObjectDef } from '@atrium/metadata';
import { RESTORE_WINDOW_DAYS } from '../planner/change-plan.ts';

export const isLiveObject = (object: ObjectDef): boolean => object.state !== 'deleted';
export const isLiveField = (field: FieldDef): boolean => field.state !== 'deleted';

/**
 * The metadata as the APIs serve it: set-aside (deleted) objects and fields left out, with the
 * layouts, pipelines and rules of deleted objects. Validation runs on this view.
 */
export function liveView(bundle: MetadataBundle): MetadataBundle {
  const objects = bundle.objects.filter(isLiveObject).map((o) => ({ ...o, fields: o.fields.filter(isLiveField) }));
  const live = new Set(objects.map((o) => o.id));
  return {
    ...bundle,
    objects,
    layouts: bundle.layouts.filter((l) => live.has(l.object)),
    pipelines: bundle.pipelines.filter((p) => live.has(p.object)),
    validationRules: bundle.validationRules.filter((r) => live.has(r.object)),
  };
}

/** A bundle as exported (`atrium meta export`): live elements only, without physical names or states. */
export function exportView(bundle: MetadataBundle): MetadataBundle {
  const live = liveView(bundle);
  return {
    ...live,
    objects: live.objects.map(({ table: _table, state: _state, deletedAt: _deletedAt, ...object }) => ({
      ...object,
      fields: object.fields.map(({ columns: _c, junctionTable: _j, state: _s, deletedAt: _d, conversion: _v, ...field }) => field),
    })),
  };
}

/** An object or field set aside by a delete, restorable until its data is purged. */
export interface SetAsideElement {
  kind: 'object' | 'field';
  /** The object's id and API name (for a field, the object it belongs to). */
  objectId: string;
  objectApiName: string;
  id: string;
  apiName: string;
  label: Labels;
  deletedAt: string;
  /** When the purge job may remove it for good (deleted + the restore window). */
  restorableUntil: string;
}

/**
 * What a restore can bring back: deleted objects, and deleted fields of live objects (a deleted
 * object's fields come back with it), oldest deletion first.
 */
export function setAsideElements(bundle: MetadataBundle): SetAsideElement[] {
  const until = (deletedAt: string) => new Date(Date.parse(deletedAt) + RESTORE_WINDOW_DAYS * 86_400_000).toISOString();
  const elements: SetAsideElement[] = [];
  for (const object of bundle.objects) {
    const base = { objectId: object.id, objectApiName: object.apiName };
    if (!isLiveObject(object)) {
      const deletedAt = object.deletedAt ?? new Date(0).toISOString();
      elements.push({ kind: 'object', ...base, id: object.id, apiName: object.apiName, label: object.label, deletedAt, restorableUntil: until(deletedAt) });
      continue;
    }
    for (const field of object.fields) {
      if (isLiveField(field)) continue;
      const deletedAt = field.deletedAt ?? new Date(0).toISOString();
      elements.push({ kind: 'field', ...base, id: field.id, apiName: field.apiName, label: field.label, deletedAt, restorableUntil: until(deletedAt) });
    }
  }
  return elements.sort((a, b) => a.deletedAt.localeCompare(b.deletedAt) || a.apiName.localeCompare(b.apiName));
}
