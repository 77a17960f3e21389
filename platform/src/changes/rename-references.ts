import type { JsonLogic, MetadataBundle, ObjectDef } from '@atrium/metadata';

/**
 * A field rename keeps everything that names the field working: the name field, tracked fields,
 * layouts, pipelines, and `var` references in formulas, validation rules and stage conditions
 * (on the object itself and through lookups from other objects).
 */
export function renameFieldReferences(bundle: MetadataBundle, object: ObjectDef, from: string, to: string): void {
  if (object.nameField === from) object.nameField = to;
  if (object.options?.trackedFields) object.options.trackedFields = object.options.trackedFields.map((f) => (f === from ? to : f));

  const own = (path: string): string => renamePath(path, [from], to);
  for (const field of object.fields) {
    if (field.config?.expression !== undefined) field.config.expression = renameVars(field.config.expression, own);
  }
  // Other objects reach this field through their lookups: `account.industry`.
  for (const other of bundle.objects) {
    const lookups = other.fields.filter((f) => f.config?.target === object.id).map((f) => f.apiName);
    if (lookups.length === 0) continue;
    const through = (path: string): string => {
      const [head, field, ...rest] = path.split('.');
      return head && lookups.includes(head) && field === from ? [head, to, ...rest].join('.') : path;
    };
    for (const field of other.fields) {
      if (field.config?.expression !== undefined) field.config.expression = renameVars(field.config.expression, through);
    }
    for (const rule of bundle.validationRules) if (rule.object === other.id) rule.condition = renameVars(rule.condition, through);
  }
  for (const layout of bundle.layouts) {
    if (layout.object === object.id) for (const section of layout.sections) section.fields = section.fields.map((f) => (f === from ? to : f));
    for (const related of layout.relatedLists) {
      if (related.object !== object.id) continue;
      if (related.field === from) related.field = to;
      related.columns = related.columns.map((c) => (c === from ? to : c));
    }
  }
  for (const pipeline of bundle.pipelines) {
    if (pipeline.object !== object.id) continue;
    if (pipeline.field === from) pipeline.field = to;
    for (const stage of pipeline.stages) if (stage.entryCondition !== undefined) stage.entryCondition = renameVars(stage.entryCondition, own);
    if (pipeline.appliesWhen !== undefined) pipeline.appliesWhen = renameVars(pipeline.appliesWhen, own);
  }
  for (const rule of bundle.validationRules) {
    if (rule.object !== object.id) continue;
    rule.condition = renameVars(rule.condition, own);
    if (rule.field === from) rule.field = to;
  }
}

function renamePath(path: string, from: string[], to: string): string {
  const [head, ...rest] = path.split('.');
  return head !== undefined && from.includes(head) ? [to, ...rest].join('.') : path;
}

/** Rewrites the path of every `{"var": path}` (or `{"var": [path, default]}`) in a rule. */
export function renameVars(rule: JsonLogic, rename: (path: string) => string): JsonLogic {
  if (Array.isArray(rule)) return rule.map((r) => renameVars(r, rename));
  if (rule === null || typeof rule !== 'object') return rule;
  const entries = Object.entries(rule);
  if (entries.length === 1 && entries[0]?.[0] === 'var') {
    const arg = entries[0][1];
    if (typeof arg === 'string') return { var: rename(arg) };
    if (Array.isArray(arg) && typeof arg[0] === 'string') return { var: [rename(arg[0]), ...arg.slice(1)] };
    return rule;
  }
  return Object.fromEntries(entries.map(([op, args]) => [op, renameVars(args, rename)]));
}
