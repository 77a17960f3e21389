import { fieldType, isFieldType } from '../../field-types/field-type-registry.ts';
import type { FieldType } from '../../model/types.ts';
import { SYSTEM_COLUMN_NAMES } from '../../naming/reserved-names.ts';
import { pointer } from '../metadata-problem.ts';
import type { ValidationContext } from '../validation-context.ts';

/** Field types that can name a record (its title in lists, lookups and search). */
export const NAME_FIELD_TYPES: readonly FieldType[] = ['text', 'autoNumber'];

/** PostgreSQL's limit of columns per table. */
export const MAX_TABLE_COLUMNS = 1600;

/**
 * The name field exists and is text (or an auto number), tracked fields exist, and the fields'
 * columns (set-aside ones included: they still occupy columns) fit in one table.
 */
export function checkObjectStructure(ctx: ValidationContext): void {
  ctx.bundle.objects.forEach((object, i) => {
    if (object.state === 'deleted') return;
    const subject = `object "${object.apiName}"`;
    const live = object.fields.filter((f) => f.state !== 'deleted');
    const nameField = live.find((f) => f.apiName === object.nameField);
    if (!nameField) {
      ctx.add(pointer('objects', i, 'nameField'), 'UNKNOWN_FIELD', subject, `name field "${object.nameField}" is not a field of the object`);
    } else if (!NAME_FIELD_TYPES.includes(nameField.type)) {
      ctx.add(
        pointer('objects', i, 'nameField'),
        'WRONG_FIELD_TYPE',
        subject,
        `name field "${object.nameField}" is a ${nameField.type} field; it must be a text field (or an auto number)`,
      );
    }
    object.options?.trackedFields?.forEach((name, k) => {
      if (!live.some((f) => f.apiName === name)) {
        ctx.add(pointer('objects', i, 'options', 'trackedFields', k), 'UNKNOWN_FIELD', subject, `tracked field "${name}" is not a field of the object`);
      }
    });
    let columns = SYSTEM_COLUMN_NAMES.length;
    for (const field of object.fields) {
      if (!isFieldType(field.type)) continue;
      columns += fieldType(field.type).columns(field).length + Object.keys(field.conversion?.fromColumns ?? {}).length;
    }
    if (columns > MAX_TABLE_COLUMNS) {
      ctx.add(
        pointer('objects', i, 'fields'),
        'TOO_MANY_COLUMNS',
        subject,
        `its fields need ${columns} columns (system and set-aside ones included); PostgreSQL allows ${MAX_TABLE_COLUMNS}`,
      );
    }
  });
}
