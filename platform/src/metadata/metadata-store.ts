import type { LayoutDef, MetadataBundle, ObjectDef, PipelineDef, ValidationRuleDef } from '@atrium/metadata';
import { emptyBundle } from '@atrium/metadata';
import type { Kysely } from 'kysely';
import type { MetadataDocumentKind, PlatformTables } from '../database/platform-tables.ts';

/**
 * A tenant's metadata documents as stored: one row per object (with its fields), layout,
 * pipeline and validation rule, deleted (set-aside) elements included until purged.
 */
export async function loadBundle(db: Kysely<PlatformTables>, tenantId: string): Promise<MetadataBundle> {
  const rows = await db
    .selectFrom('atrium.metadata_document')
    .select(['kind', 'doc'])
    .where('tenant_id', '=', tenantId)
    .orderBy('kind')
    .orderBy('position')
    .execute();
  const bundle = emptyBundle();
  for (const row of rows) {
    switch (row.kind) {
      case 'object':
        bundle.objects.push(row.doc as ObjectDef);
        break;
      case 'layout':
        bundle.layouts.push(row.doc as LayoutDef);
        break;
      case 'pipeline':
        bundle.pipelines.push(row.doc as PipelineDef);
        break;
      case 'validationRule':
        bundle.validationRules.push(row.doc as ValidationRuleDef);
        break;
    }
  }
  return bundle;
}

interface StoredDocument {
  id: string;
  kind: MetadataDocumentKind;
  position: number;
  doc: unknown;
}

function documentsOf(bundle: MetadataBundle): StoredDocument[] {
  return [
    ...bundle.objects.map((doc, position) => ({ id: doc.id, kind: 'object' as const, position, doc })),
    ...bundle.layouts.map((doc, position) => ({ id: doc.id, kind: 'layout' as const, position, doc })),
    ...bundle.pipelines.map((doc, position) => ({ id: doc.id, kind: 'pipeline' as const, position, doc })),
    ...bundle.validationRules.map((doc, position) => ({ id: doc.id, kind: 'validationRule' as const, position, doc })),
  ];
}

/** Writes what differs between `before` and `after`: changed documents upserted, removed ones deleted. */
export async function saveBundle(db: Kysely<PlatformTables>, tenantId: string, before: MetadataBundle, after: MetadataBundle): Promise<number> {
  const old = new Map(documentsOf(before).map((d) => [d.id, d]));
  const next = documentsOf(after);
  const changed = next.filter((d) => {
    const previous = old.get(d.id);
    return !previous || previous.position !== d.position || previous.kind !== d.kind || JSON.stringify(previous.doc) !== JSON.stringify(d.doc);
  });
  const keep = new Set(next.map((d) => d.id));
  const removed = [...old.keys()].filter((id) => !keep.has(id));
  if (removed.length > 0) {
    await db.deleteFrom('atrium.metadata_document').where('tenant_id', '=', tenantId).where('id', 'in', removed).execute();
  }
  // Rows go in chunks: a bundle of 500 objects must stay far below the bind-parameter limit.
  for (let i = 0; i < changed.length; i += 500) {
    const chunk = changed.slice(i, i + 500);
    await db
      .insertInto('atrium.metadata_document')
      .values(chunk.map((d) => ({ tenant_id: tenantId, id: d.id, kind: d.kind, position: d.position, doc: JSON.stringify(d.doc) })))
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'id']).doUpdateSet((eb) => ({
          kind: eb.ref('excluded.kind'),
          position: eb.ref('excluded.position'),
          doc: eb.ref('excluded.doc'),
          updated_at: new Date().toISOString(),
        })),
      )
      .execute();
  }
  return changed.length + removed.length;
}
