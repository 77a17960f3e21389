import type { FieldDef, MetadataBundle, ObjectDef } from '@atrium/metadata';

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
