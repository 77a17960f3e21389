import type { FieldDef, LayoutDef, ObjectDef } from '@atrium/metadata';
import { isColumnCandidate } from '../fields/field-values.ts';

/**
 * The columns a list starts with: the name field, then the first fields of the default layout
 * that read well in a row (no long text, addresses or JSON), up to `max`.
 */
export function defaultColumns(object: ObjectDef, layout: LayoutDef | undefined, readable: (field: string) => boolean, max = 6): string[] {
  const usable = (f: FieldDef | undefined): f is FieldDef => !!f && isColumnCandidate(f) && readable(f.apiName);
  const byName = new Map(object.fields.map((f) => [f.apiName, f]));
  const order = [object.nameField, ...(layout?.sections.flatMap((s) => s.fields) ?? []), ...object.fields.map((f) => f.apiName)];
  const columns: string[] = [];
  for (const name of order) {
    if (columns.length >= max) break;
    if (columns.includes(name) || !usable(byName.get(name))) continue;
    columns.push(name);
  }
  return columns;
}
