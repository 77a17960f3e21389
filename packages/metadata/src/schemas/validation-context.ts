import type { MetadataBundle, ObjectDef } from '../model/types.ts';
import type { MetadataProblem, MetadataProblemCode } from './metadata-problem.ts';

/** Shared state of one validation run: the bundle, lookups by id, and the problems found. */
export class ValidationContext {
  readonly problems: MetadataProblem[] = [];
  readonly objectsById: Map<string, ObjectDef>;

  constructor(readonly bundle: MetadataBundle) {
    this.objectsById = new Map();
    for (const object of bundle.objects) if (object.state !== 'deleted') this.objectsById.set(object.id, object);
  }

  /** Records a problem; `subject` names the element (`field "x" of object "y"`). */
  add(path: string, code: MetadataProblemCode, subject: string, text: string): void {
    this.problems.push({ path, code, message: `${subject}: ${text}` });
  }

  objectName(id: string): string {
    const object = this.objectsById.get(id);
    return object ? `object "${object.apiName}"` : `object #${id}`;
  }
}
