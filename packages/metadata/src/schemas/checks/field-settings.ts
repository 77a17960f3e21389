import { fieldType, isFieldType } from '../../field-types/field-type-registry.ts';
import type { FieldDef, ObjectDef } from '../../model/types.ts';
import { pointer } from '../metadata-problem.ts';
import type { ValidationContext } from '../validation-context.ts';
import { valueProblem } from './default-value.ts';

const FLAGS = ['required', 'unique', 'indexed'] as const;

/**
 * A field's settings against its type: `required`/`unique`/`indexed`/`default` only where the
 * type supports them, the type's own `check`, and a default that is a valid value.
 */
export function checkFieldSettings(ctx: ValidationContext): void {
  ctx.bundle.objects.forEach((object, i) => {
    if (object.state === 'deleted') return;
    object.fields.forEach((field, j) => {
      if (field.state !== 'deleted' && isFieldType(field.type)) checkField(ctx, object, field, pointer('objects', i, 'fields', j));
    });
  });
}

function checkField(ctx: ValidationContext, object: ObjectDef, field: FieldDef, path: string): void {
  const module = fieldType(field.type);
  const subject = `field "${field.apiName}" of object "${object.apiName}"`;
  for (const flag of FLAGS) {
    if (field[flag] === true && !module.supports[flag]) {
      ctx.add(`${path}/${flag}`, 'INVALID_FIELD_CONFIG', subject, `a ${field.type} field cannot be ${flag}`);
    }
  }
  const hasDefault = field.default !== undefined && field.default !== null;
  if (hasDefault && !module.supports.default) {
    ctx.add(`${path}/default`, 'INVALID_DEFAULT', subject, `a ${field.type} field cannot have a default value`);
    return;
  }
  const problems = module.check?.(field) ?? [];
  for (const message of problems) {
    const isDefault = message.startsWith('default');
    ctx.add(`${path}/${isDefault ? 'default' : 'config'}`, isDefault ? 'INVALID_DEFAULT' : 'INVALID_FIELD_CONFIG', subject, message);
  }
  if (hasDefault && problems.length === 0) {
    const problem = valueProblem(module.valueSchema(field), field.default);
    if (problem) ctx.add(`${path}/default`, 'INVALID_DEFAULT', subject, `default value ${JSON.stringify(field.default)} ${problem}`);
  }
}
