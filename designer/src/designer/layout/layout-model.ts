import {
  type FieldDef,
  generateId,
  isRequiredField,
  type Labels,
  type LayoutDef,
  type LayoutSection,
  type MetadataBundle,
  type ObjectDef,
  type RelatedList,
} from '@atrium/metadata';

/**
 * The layout editor's operations on a LayoutDef, free of React: each returns a new layout. Drag
 * and drop, the move buttons and the tests all go through them.
 */

/** Drag ids: `field:<apiName>`, `section:<id>` (a section card), `drop:<sectionId>` (its body), `palette`, `related:<id>`. */
export const fieldDragId = (apiName: string) => `field:${apiName}`;
export const sectionDragId = (id: string) => `section:${id}`;
export const sectionDropId = (id: string) => `drop:${id}`;
export const relatedDragId = (id: string) => `related:${id}`;
export const PALETTE_ID = 'palette';

function parseDragId(id: string): { kind: 'field' | 'section' | 'drop' | 'related' | 'palette'; key: string } | undefined {
  if (id === PALETTE_ID) return { kind: 'palette', key: '' };
  const colon = id.indexOf(':');
  if (colon < 0) return undefined;
  const kind = id.slice(0, colon);
  if (kind === 'field' || kind === 'section' || kind === 'drop' || kind === 'related') return { kind, key: id.slice(colon + 1) };
  return undefined;
}

export function newLayout(object: ObjectDef, existing: readonly LayoutDef[] = []): LayoutDef {
  const taken = new Set(existing.map((l) => l.apiName));
  let apiName = `${object.apiName}Layout`;
  for (let n = 2; taken.has(apiName); n += 1) apiName = `${object.apiName}Layout${n}`;
  return {
    id: generateId('lay'),
    object: object.id,
    apiName,
    label: { en: `${object.label.en} layout`, ...(object.label['zh-CN'] ? { 'zh-CN': `${object.label['zh-CN']}布局` } : {}) },
    isDefault: existing.length === 0,
    sections: [
      {
        id: generateId('sec'),
        label: { en: 'Details', 'zh-CN': '详细信息' },
        columns: 2,
        fields: object.fields.filter((f) => f.state !== 'deleted').map((f) => f.apiName),
      },
    ],
    relatedLists: [],
  };
}

/** Where a field is: its section and index, or undefined when it is not on the layout. */
export function locateField(layout: LayoutDef, apiName: string): { section: LayoutSection; index: number } | undefined {
  for (const section of layout.sections) {
    const index = section.fields.indexOf(apiName);
    if (index >= 0) return { section, index };
  }
  return undefined;
}

/** The object's live fields not on the layout. */
export function unplacedFields(layout: LayoutDef, object: ObjectDef): FieldDef[] {
  const placed = new Set(layout.sections.flatMap((s) => s.fields));
  return object.fields.filter((f) => f.state !== 'deleted' && !placed.has(f.apiName));
}

/** Required fields a user of this layout could not fill in. */
export function missingRequiredFields(layout: LayoutDef, object: ObjectDef): FieldDef[] {
  return unplacedFields(layout, object).filter((f) => isRequiredField(f) && (f.default === undefined || f.default === null));
}

/**
 * Moves a field to `index` of section `sectionId` (from wherever it is, or from the palette), or
 * off the layout when `sectionId` is null. The index is the position in the target section
 * after the field has been taken out.
 */
export function moveField(layout: LayoutDef, apiName: string, sectionId: string | null, index?: number): LayoutDef {
  const sections = layout.sections.map((s) => ({ ...s, fields: s.fields.filter((f) => f !== apiName) }));
  if (sectionId !== null) {
    const target = sections.find((s) => s.id === sectionId);
    if (!target) return layout;
    const at = index === undefined ? target.fields.length : Math.max(0, Math.min(index, target.fields.length));
    target.fields.splice(at, 0, apiName);
  }
  return { ...layout, sections };
}

/** Moves a field one place earlier (-1) or later (+1) in reading order; across a section edge it goes to the neighbour section. */
export function nudgeField(layout: LayoutDef, apiName: string, delta: -1 | 1): LayoutDef {
  const at = locateField(layout, apiName);
  if (!at) return layout;
  const next = at.index + delta;
  if (next >= 0 && next < at.section.fields.length) return moveField(layout, apiName, at.section.id, next);
  const sectionIndex = layout.sections.findIndex((s) => s.id === at.section.id);
  const neighbour = layout.sections[sectionIndex + delta];
  if (!neighbour) return layout;
  return moveField(layout, apiName, neighbour.id, delta < 0 ? neighbour.fields.length : 0);
}

export function addSection(layout: LayoutDef, label: Labels = { en: 'New section', 'zh-CN': '新分区' }): LayoutDef {
  return { ...layout, sections: [...layout.sections, { id: generateId('sec'), label, columns: 2, fields: [] }] };
}

/** Removes a section; its fields go back to the palette. */
export function removeSection(layout: LayoutDef, sectionId: string): LayoutDef {
  return { ...layout, sections: layout.sections.filter((s) => s.id !== sectionId) };
}

export function updateSection(layout: LayoutDef, sectionId: string, patch: Partial<Omit<LayoutSection, 'id' | 'fields'>>): LayoutDef {
  return { ...layout, sections: layout.sections.map((s) => (s.id === sectionId ? { ...s, ...patch } : s)) };
}

function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  const next = [...items];
  if (from < 0 || from >= next.length || to < 0 || to >= next.length) return next;
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item as T);
  return next;
}

export function moveSection(layout: LayoutDef, sectionId: string, to: number): LayoutDef {
  return {
    ...layout,
    sections: moveItem(
      layout.sections,
      layout.sections.findIndex((s) => s.id === sectionId),
      to,
    ),
  };
}

export interface RelatedListCandidate {
  object: ObjectDef;
  field: FieldDef;
}

/** Child objects with a lookup or master-detail pointing at `object`: the related lists it can show. */
export function relatedListCandidates(object: ObjectDef, bundle: MetadataBundle): RelatedListCandidate[] {
  return bundle.objects.flatMap((child) =>
    child.fields
      .filter((f) => (f.type === 'lookup' || f.type === 'masterDetail') && f.config?.target === object.id && f.state !== 'deleted')
      .map((field) => ({ object: child, field })),
  );
}

export function addRelatedList(layout: LayoutDef, candidate: RelatedListCandidate): LayoutDef {
  const columns = [
    candidate.object.nameField,
    ...candidate.object.fields
      .filter((f) => f.apiName !== candidate.object.nameField && f.apiName !== candidate.field.apiName && f.type !== 'manyToMany')
      .slice(0, 3)
      .map((f) => f.apiName),
  ];
  const related: RelatedList = {
    id: generateId('rel'),
    object: candidate.object.id,
    field: candidate.field.apiName,
    columns,
    label: candidate.object.pluralLabel,
  };
  return { ...layout, relatedLists: [...layout.relatedLists, related] };
}

export function updateRelatedList(layout: LayoutDef, id: string, patch: Partial<Omit<RelatedList, 'id' | 'object' | 'field'>>): LayoutDef {
  return { ...layout, relatedLists: layout.relatedLists.map((r) => (r.id === id ? { ...r, ...patch } : r)) };
}

export function removeRelatedList(layout: LayoutDef, id: string): LayoutDef {
  return { ...layout, relatedLists: layout.relatedLists.filter((r) => r.id !== id) };
}

export function moveRelatedList(layout: LayoutDef, id: string, to: number): LayoutDef {
  return {
    ...layout,
    relatedLists: moveItem(
      layout.relatedLists,
      layout.relatedLists.findIndex((r) => r.id === id),
      to,
    ),
  };
}

/**
 * The layout after dropping the dragged element `activeId` on `overId` (drag ids above):
 * a field onto a field takes its place, onto a section's body goes to its end, onto the palette
 * leaves the layout; a section onto a section (or a field in it) takes its place; a related list
 * onto a related list takes its place.
 */
export function applyDrag(layout: LayoutDef, activeId: string, overId: string | null | undefined): LayoutDef {
  if (!overId || activeId === overId) return layout;
  const active = parseDragId(activeId);
  const over = parseDragId(overId);
  if (!active || !over) return layout;
  if (active.kind === 'field') {
    if (over.kind === 'palette') return moveField(layout, active.key, null);
    if (over.kind === 'drop' || over.kind === 'section') return moveField(layout, active.key, over.key);
    if (over.kind === 'field') {
      const target = locateField(layout, over.key);
      if (!target) return moveField(layout, active.key, null); // dropped on a palette field
      const from = locateField(layout, active.key);
      // Within one section, the dragged field takes the index of the one it was dropped on.
      if (from && from.section.id === target.section.id) return moveField(layout, active.key, target.section.id, target.index);
      return moveField(layout, active.key, target.section.id, target.index);
    }
    return layout;
  }
  if (active.kind === 'section') {
    let targetId: string | undefined;
    if (over.kind === 'section' || over.kind === 'drop') targetId = over.key;
    else if (over.kind === 'field') targetId = locateField(layout, over.key)?.section.id;
    if (!targetId || targetId === active.key) return layout;
    return moveSection(
      layout,
      active.key,
      layout.sections.findIndex((s) => s.id === targetId),
    );
  }
  if (active.kind === 'related' && over.kind === 'related') {
    return moveRelatedList(
      layout,
      active.key,
      layout.relatedLists.findIndex((r) => r.id === over.key),
    );
  }
  return layout;
}
