import { filterOperatorsOf, type ObjectDef } from '@atrium/metadata';

/** Objects global search covers: searchable ones whose name field takes `contains`. */
export function searchableObjects(objects: readonly ObjectDef[], readable: (object: ObjectDef) => boolean): ObjectDef[] {
  return objects.filter((o) => {
    if (o.options?.searchable === false || !readable(o)) return false;
    const name = o.fields.find((f) => f.apiName === o.nameField);
    return !!name && filterOperatorsOf(name).includes('contains');
  });
}

/**
 * One GraphQL request searching every object at once: per object, its name field `contains`
 * the text (case-insensitive), `first` matches and the total — one SQL statement per object.
 */
export function searchQuery(objects: readonly ObjectDef[], first: number): string {
  const parts = objects.map(
    (o) =>
      `  ${o.apiName}: ${o.pluralApiName}(filter: {${o.nameField}: {contains: $q}}, first: ${first}, orderBy: [{field: "${o.nameField}"}]) { totalCount nodes { id ${o.nameField} } }`,
  );
  return `query GlobalSearch($q: String!) {\n${parts.join('\n')}\n}`;
}

export interface SearchHits {
  object: ObjectDef;
  totalCount: number;
  records: Array<{ id: string; name: string }>;
}

export function searchHits(
  objects: readonly ObjectDef[],
  data: Record<string, { totalCount: number; nodes: Array<Record<string, unknown>> } | null>,
): SearchHits[] {
  return objects
    .map((object) => {
      const answer = data[object.apiName];
      return {
        object,
        totalCount: answer?.totalCount ?? 0,
        records: (answer?.nodes ?? []).map((n) => ({ id: String(n.id), name: String(n[object.nameField] ?? '') })),
      };
    })
    .filter((h) => h.totalCount > 0);
}
