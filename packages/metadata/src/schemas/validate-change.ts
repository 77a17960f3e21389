import { fieldType } from '../field-types/field-type-registry.ts';
import { findConversion } from '../field-types/type-conversion.ts';
import type { MetadataBundle } from '../model/types.ts';
import { type MetadataProblem, pointer } from './metadata-problem.ts';

/**
 * Checks a change from one bundle to the next (elements matched by id): a field's type may only
 * change along a safe conversion (UNSAFE_TYPE_CHANGE), a relation keeps its target
 * (UNSAFE_TYPE_CHANGE), and physical names never change once assigned (IMMUTABLE_CHANGE).
 * Paths point into `after`.
 */
export function validateChange(before: MetadataBundle, after: MetadataBundle): MetadataProblem[] {
  const problems: MetadataProblem[] = [];
  after.objects.forEach((object, i) => {
    const previous = before.objects.find((o) => o.id === object.id);
    if (!previous) return;
    const subject = `object "${object.apiName}"`;
    if (previous.table && object.table && previous.table !== object.table) {
      problems.push({
        path: pointer('objects', i, 'table'),
        code: 'IMMUTABLE_CHANGE',
        message: `${subject}: its table "${previous.table}" cannot be renamed`,
      });
    }
    object.fields.forEach((field, j) => {
      const old = previous.fields.find((f) => f.id === field.id);
      if (!old) return;
      const path = pointer('objects', i, 'fields', j);
      const fieldSubject = `field "${field.apiName}" of ${subject}`;
      if (old.type !== field.type && !findConversion(old, field)) {
        const allowed = fieldType(old.type).conversions.map((c) => c.to);
        problems.push({
          path: `${path}/type`,
          code: 'UNSAFE_TYPE_CHANGE',
          message: `${fieldSubject}: a ${old.type} field cannot safely become ${field.type}${allowed.length > 0 ? ` (it can become ${allowed.join(', ')})` : ''}`,
        });
      }
      const oldTarget = old.config?.target;
      if (oldTarget !== undefined && field.config?.target !== undefined && oldTarget !== field.config.target) {
        problems.push({
          path: `${path}/config/target`,
          code: 'UNSAFE_TYPE_CHANGE',
          message: `${fieldSubject}: the target object of a relation cannot change (create a new field instead)`,
        });
      }
      for (const [part, column] of Object.entries(old.columns ?? {})) {
        const now = field.columns?.[part];
        if (now !== undefined && now !== column && old.type === field.type) {
          problems.push({
            path: `${path}/columns/${part}`,
            code: 'IMMUTABLE_CHANGE',
            message: `${fieldSubject}: its column "${column}" cannot be renamed`,
          });
        }
      }
    });
  });
  return problems;
}
