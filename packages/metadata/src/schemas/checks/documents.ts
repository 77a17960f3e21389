import type { ObjectDef } from '../../model/types.ts';
import { apiNameProblem } from '../../naming/api-name.ts';
import type { MetadataProblemCode } from '../metadata-problem.ts';
import type { ValidationContext } from '../validation-context.ts';

/** What layouts, pipelines and validation rules have in common. */
export interface ObjectDocument {
  id: string;
  object: string;
  apiName: string;
  isDefault?: boolean;
}

/**
 * Resolves a document's object (UNKNOWN_OBJECT when missing) and checks its API name: valid and
 * unique among the object's documents of this kind. Returns the object, or undefined.
 */
export function checkDocumentBasics(
  ctx: ValidationContext,
  doc: ObjectDocument,
  path: string,
  subject: string,
  namesByObject: Map<string, Set<string>>,
): ObjectDef | undefined {
  const object = ctx.objectsById.get(doc.object);
  if (!object) {
    ctx.add(`${path}/object`, 'UNKNOWN_OBJECT', subject, `object "${doc.object}" does not exist`);
    return undefined;
  }
  const problem = apiNameProblem(doc.apiName, 'element');
  if (problem) ctx.add(`${path}/apiName`, problem.code, subject, problem.message);
  else {
    const names = namesByObject.get(object.id) ?? new Set<string>();
    namesByObject.set(object.id, names);
    if (names.has(doc.apiName)) {
      ctx.add(`${path}/apiName`, 'DUPLICATE_NAME', subject, `API name "${doc.apiName}" is already used on object "${object.apiName}"`);
    }
    names.add(doc.apiName);
  }
  return object;
}

/** At most one default document of a kind per object. */
export function checkSingleDefault(ctx: ValidationContext, doc: ObjectDocument, path: string, subject: string, defaults: Set<string>, kind: string): void {
  if (doc.isDefault !== true) return;
  const code: MetadataProblemCode = 'MULTIPLE_DEFAULTS';
  if (defaults.has(doc.object)) ctx.add(`${path}/isDefault`, code, subject, `another ${kind} of ${ctx.objectName(doc.object)} is the default already`);
  defaults.add(doc.object);
}

/** Whether the object has a live field with this API name. */
export function hasField(object: ObjectDef, apiName: string): boolean {
  return object.fields.some((f) => f.state !== 'deleted' && f.apiName === apiName);
}

export function fieldNamed(object: ObjectDef, apiName: string) {
  return object.fields.find((f) => f.state !== 'deleted' && f.apiName === apiName);
}
