import { isReferenceType } from '../../field-types/field-type-registry.ts';
import { pointer } from '../metadata-problem.ts';
import type { ValidationContext } from '../validation-context.ts';
import { checkDocumentBasics, checkSingleDefault, fieldNamed, hasField } from './documents.ts';

/**
 * Layouts: the object exists, section fields are fields of it (each placed once), related lists
 * name a child object, a lookup or master-detail field of the child pointing here, and columns
 * that are fields of the child.
 */
export function checkLayouts(ctx: ValidationContext): void {
  const names = new Map<string, Set<string>>();
  const defaults = new Set<string>();
  ctx.bundle.layouts.forEach((layout, i) => {
    const path = pointer('layouts', i);
    const subject = `layout "${layout.apiName}" of ${ctx.objectName(layout.object)}`;
    const object = checkDocumentBasics(ctx, layout, path, subject, names);
    checkSingleDefault(ctx, layout, path, subject, defaults, 'layout');
    if (!object) return;
    const placed = new Set<string>();
    layout.sections.forEach((section, k) => {
      section.fields.forEach((name, m) => {
        const at = `${path}/sections/${k}/fields/${m}`;
        if (!hasField(object, name)) ctx.add(at, 'UNKNOWN_FIELD', subject, `section #${k} shows "${name}", which is not a field of object "${object.apiName}"`);
        else if (placed.has(name)) ctx.add(at, 'DUPLICATE_NAME', subject, `field "${name}" is placed more than once`);
        placed.add(name);
      });
    });
    layout.relatedLists.forEach((list, k) => {
      const at = `${path}/relatedLists/${k}`;
      const child = ctx.objectsById.get(list.object);
      if (!child) {
        ctx.add(`${at}/object`, 'UNKNOWN_OBJECT', subject, `related list #${k}: object "${list.object}" does not exist`);
        return;
      }
      const field = fieldNamed(child, list.field);
      if (!field) {
        ctx.add(`${at}/field`, 'UNKNOWN_FIELD', subject, `related list #${k}: "${list.field}" is not a field of object "${child.apiName}"`);
      } else if (!isReferenceType(field.type) || field.config?.target !== object.id) {
        ctx.add(
          `${at}/field`,
          'WRONG_FIELD_TYPE',
          subject,
          `related list #${k}: field "${list.field}" of object "${child.apiName}" is not a lookup or master-detail to object "${object.apiName}"`,
        );
      }
      list.columns.forEach((name, m) => {
        if (!hasField(child, name)) {
          ctx.add(`${at}/columns/${m}`, 'UNKNOWN_FIELD', subject, `related list #${k}: column "${name}" is not a field of object "${child.apiName}"`);
        }
      });
    });
  });
}
