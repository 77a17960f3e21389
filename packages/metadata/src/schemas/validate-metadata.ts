import type { FieldDef, LayoutDef, MetadataBundle, ObjectDef, PipelineDef, ValidationRuleDef } from '../model/types.ts';
import { emptyBundle } from '../model/types.ts';
import { checkElementIds } from './checks/element-ids.ts';
import { checkFieldNames } from './checks/field-names.ts';
import { checkFieldSettings } from './checks/field-settings.ts';
import { checkFormulas } from './checks/formulas.ts';
import { checkLayouts } from './checks/layouts.ts';
import { checkObjectNames } from './checks/object-names.ts';
import { checkObjectStructure } from './checks/object-structure.ts';
import { checkPipelines } from './checks/pipelines.ts';
import { checkRelations } from './checks/relations.ts';
import { checkValidationRules } from './checks/validation-rules.ts';
import type { MetadataProblem } from './metadata-problem.ts';
import { validateBundleShape } from './schema-validation.ts';
import { ValidationContext } from './validation-context.ts';

/** The cross-document checks, in reporting order. */
const CHECKS = [
  checkElementIds,
  checkObjectNames,
  checkFieldNames,
  checkFieldSettings,
  checkRelations,
  checkObjectStructure,
  checkFormulas,
  checkLayouts,
  checkPipelines,
  checkValidationRules,
] as const;

function crossCheck(bundle: MetadataBundle): MetadataProblem[] {
  const ctx = new ValidationContext(bundle);
  for (const check of CHECKS) check(ctx);
  return ctx.problems;
}

/**
 * Validates a whole bundle: first its shape against the meta-schemas (INVALID_DOCUMENT; when the
 * shape is wrong, only those problems are returned), then names, references and rules across
 * documents. Paths are JSON pointers into the bundle. Elements whose `state` is `deleted` are
 * ignored by the name and reference checks (validate the live view to treat them as gone).
 */
export function validateBundle(bundle: MetadataBundle): MetadataProblem[] {
  const shape = validateBundleShape(bundle);
  if (shape.length > 0) return shape;
  return crossCheck(bundle);
}

/** Keeps the problems under `prefix`, with paths made relative to it. */
function under(problems: MetadataProblem[], prefix: string): MetadataProblem[] {
  return problems.filter((p) => p.path === prefix || p.path.startsWith(`${prefix}/`)).map((p) => ({ ...p, path: p.path.slice(prefix.length) }));
}

/**
 * Validates one document in the context of a bundle (the tenant's current metadata, assumed
 * valid): the document replaces the bundle's element with the same id (or is added), and the
 * problems about it are returned with paths relative to the document.
 */
function validateDocument(context: MetadataBundle, prefix: string): MetadataProblem[] {
  const shape = under(validateBundleShape(context), prefix);
  if (shape.length > 0) return shape;
  return under(crossCheck(context), prefix);
}

function withLast<T extends { id: string }>(list: readonly T[], item: T): T[] {
  return [...list.filter((x) => x.id !== item.id), item];
}

export function validateObject(object: ObjectDef, bundle: MetadataBundle = emptyBundle()): MetadataProblem[] {
  const objects = withLast(bundle.objects, object);
  return validateDocument({ ...bundle, objects }, `/objects/${objects.length - 1}`);
}

/** Validates one field as part of `object` (replacing the object's field with the same id). */
export function validateField(field: FieldDef, object: ObjectDef, bundle: MetadataBundle = emptyBundle()): MetadataProblem[] {
  const fields = withLast(object.fields, field);
  const objects = withLast(bundle.objects, { ...object, fields });
  return validateDocument({ ...bundle, objects }, `/objects/${objects.length - 1}/fields/${fields.length - 1}`);
}

export function validateLayout(layout: LayoutDef, bundle: MetadataBundle = emptyBundle()): MetadataProblem[] {
  const layouts = withLast(bundle.layouts, layout);
  return validateDocument({ ...bundle, layouts }, `/layouts/${layouts.length - 1}`);
}

export function validatePipeline(pipeline: PipelineDef, bundle: MetadataBundle = emptyBundle()): MetadataProblem[] {
  const pipelines = withLast(bundle.pipelines, pipeline);
  return validateDocument({ ...bundle, pipelines }, `/pipelines/${pipelines.length - 1}`);
}

export function validateValidationRule(rule: ValidationRuleDef, bundle: MetadataBundle = emptyBundle()): MetadataProblem[] {
  const validationRules = withLast(bundle.validationRules, rule);
  return validateDocument({ ...bundle, validationRules }, `/validationRules/${validationRules.length - 1}`);
}
