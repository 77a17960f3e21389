import { isRelationType } from '../../field-types/field-type-registry.ts';
import { MAX_MASTER_DETAIL_FIELDS } from '../../field-types/master-detail.ts';
import { apiNameProblem } from '../../naming/api-name.ts';
import { pointer } from '../metadata-problem.ts';
import type { ValidationContext } from '../validation-context.ts';

/**
 * Relations: the target object exists, a master-detail does not point at its own object, at most
 * two master-detail fields per object, and reverse relation names (`relationName`, a field of the
 * target) are valid and collide neither with the target's fields nor with each other.
 */
export function checkRelations(ctx: ValidationContext): void {
  const reverseNames = new Map<string, Map<string, string>>(); // target id → relation name → owner
  ctx.bundle.objects.forEach((object, i) => {
    if (object.state === 'deleted') return;
    let masterDetails = 0;
    object.fields.forEach((field, j) => {
      if (field.state === 'deleted' || !isRelationType(field.type)) return;
      const path = pointer('objects', i, 'fields', j);
      const subject = `field "${field.apiName}" of object "${object.apiName}"`;
      const targetId = field.config?.target;
      if (field.type === 'masterDetail') {
        masterDetails += 1;
        if (masterDetails > MAX_MASTER_DETAIL_FIELDS) {
          ctx.add(path, 'TOO_MANY_MASTER_DETAIL', subject, `an object can have at most ${MAX_MASTER_DETAIL_FIELDS} master-detail fields`);
        }
        if (targetId === object.id) {
          ctx.add(`${path}/config/target`, 'INVALID_FIELD_CONFIG', subject, 'a master-detail field cannot point at its own object; use a lookup');
        }
      }
      const target = targetId === undefined ? undefined : ctx.objectsById.get(targetId);
      if (!target) {
        ctx.add(`${path}/config/target`, 'UNKNOWN_OBJECT', subject, `target object "${String(targetId)}" does not exist`);
        return;
      }
      const relationName = field.config?.relationName;
      if (relationName === undefined) return;
      const relationPath = `${path}/config/relationName`;
      const problem = apiNameProblem(relationName, 'relation');
      if (problem) {
        ctx.add(relationPath, problem.code, subject, `relation name: ${problem.message}`);
        return;
      }
      if (target.fields.some((f) => f.state !== 'deleted' && f.apiName === relationName)) {
        ctx.add(relationPath, 'DUPLICATE_NAME', subject, `relation name "${relationName}" is already a field of object "${target.apiName}"`);
        return;
      }
      const names = reverseNames.get(target.id) ?? new Map<string, string>();
      reverseNames.set(target.id, names);
      const owner = names.get(relationName);
      if (owner !== undefined) {
        ctx.add(relationPath, 'DUPLICATE_NAME', subject, `relation name "${relationName}" on object "${target.apiName}" is already used by ${owner}`);
        return;
      }
      names.set(relationName, subject);
    });
  });
}
