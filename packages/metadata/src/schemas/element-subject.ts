import type { MetadataBundle, ObjectDef } from '../model/types.ts';

/** How messages name elements: `object "account"`, `field "closeDate" of object "opportunity"`. */

interface Named {
  id?: unknown;
  apiName?: unknown;
}

/** An element's API name, else its id, else its position. */
export function nameOf(element: Named | undefined, index: number): string {
  if (element && typeof element.apiName === 'string' && element.apiName !== '') return `"${element.apiName}"`;
  if (element && typeof element.id === 'string' && element.id !== '') return `#${element.id}`;
  return `#${index}`;
}

export function objectSubject(object: ObjectDef | undefined, index: number): string {
  return `object ${nameOf(object, index)}`;
}

export function fieldSubject(field: Named | undefined, index: number, object: ObjectDef | undefined, objectIndex: number): string {
  return `field ${nameOf(field, index)} of ${objectSubject(object, objectIndex)}`;
}

function objectNameById(bundle: MetadataBundle, id: unknown): string {
  const index = bundle.objects.findIndex((o) => o?.id === id);
  return index >= 0 ? ` of ${objectSubject(bundle.objects[index], index)}` : '';
}

const DOCUMENT_KINDS: Record<string, string> = {
  layouts: 'layout',
  pipelines: 'pipeline',
  validationRules: 'validation rule',
};

/**
 * The element a JSON pointer (as segments) points into, and the rest of the path inside it:
 * `/objects/2/fields/5/config/maxLength` → `field "name" of object "account"`, `config/maxLength`.
 */
export function describePointer(bundle: MetadataBundle, segments: string[]): { subject: string; rest: string[] } {
  const [collection, first, sub, second, ...tail] = segments;
  const i = Number(first);
  if (collection === 'objects' && first !== undefined && Number.isInteger(i)) {
    const object = Array.isArray(bundle.objects) ? bundle.objects[i] : undefined;
    const fields = object && Array.isArray(object.fields) ? object.fields : [];
    const j = Number(second);
    if (sub === 'fields' && second !== undefined && Number.isInteger(j)) {
      return { subject: fieldSubject(fields[j], j, object, i), rest: tail };
    }
    return { subject: objectSubject(object, i), rest: segments.slice(2) };
  }
  const kind = collection === undefined ? undefined : DOCUMENT_KINDS[collection];
  if (kind && collection && first !== undefined && Number.isInteger(i)) {
    const list = (bundle as unknown as Record<string, unknown>)[collection];
    const doc = Array.isArray(list) ? (list[i] as (Named & { object?: unknown; stages?: unknown }) | undefined) : undefined;
    const docSubject = `${kind} ${nameOf(doc, i)}${objectNameById(bundle, doc?.object)}`;
    const k = Number(second);
    if (collection === 'pipelines' && sub === 'stages' && second !== undefined && Number.isInteger(k)) {
      const stages = Array.isArray(doc?.stages) ? (doc.stages as Array<{ value?: unknown }>) : [];
      const value = stages[k]?.value;
      const stage = typeof value === 'string' && value !== '' ? `"${value}"` : `#${k}`;
      return { subject: `stage ${stage} of ${docSubject}`, rest: tail };
    }
    return { subject: docSubject, rest: segments.slice(2) };
  }
  return { subject: 'bundle', rest: segments };
}

/** Splits a JSON pointer into unescaped segments. */
export function pointerSegments(path: string): string[] {
  if (path === '') return [];
  return path
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}
