import { AtriumError, type ErrorDetail } from '@atrium/errors';
import {
  type FieldDef,
  fieldType,
  generateId,
  type MetadataBundle,
  type MetadataOperation,
  mergePatch,
  type ObjectDef,
  referencesToField,
  validateBundle,
} from '@atrium/metadata';
import { assignColumns, assignTable, newColumns } from './assign-physical-names.ts';
import { isLiveField, isLiveObject, liveView } from './live-view.ts';
import { renameFieldReferences } from './rename-references.ts';
import { findField, findObject } from './resolve-element.ts';

/** Fills ids an author left out (bundles written by hand, the designer's new elements). */
function ensureIds(object: ObjectDef): void {
  object.id ||= generateId('obj');
  for (const field of object.fields ?? []) ensureFieldIds(field);
}

function ensureFieldIds(field: FieldDef): void {
  field.id ||= generateId('fld');
  for (const option of field.config?.options ?? []) option.id ||= generateId('opt');
}

/** What `updateObject` and `updateField` may change; the rest has operations of its own or is the platform's. */
const UPDATABLE = {
  object: ['apiName', 'pluralApiName', 'label', 'pluralLabel', 'description', 'nameField', 'options'],
  field: ['label', 'description', 'helpText', 'required', 'unique', 'indexed', 'default', 'config'],
} as const;
const OTHER_OPERATIONS: Record<string, string> = {
  apiName: 'a rename is the renameField operation',
  type: 'a type change is the changeFieldType operation',
  state: 'deleting and restoring are operations of their own (deleteObject, restoreObject, deleteField, restoreField)',
  fields: 'fields change with addField, updateField, renameField, changeFieldType and deleteField',
};

function refuseUnknownChanges(changes: Record<string, unknown>, of: keyof typeof UPDATABLE, path: string): void {
  const allowed: readonly string[] = UPDATABLE[of];
  const problems: ErrorDetail[] = Object.keys(changes)
    .filter((key) => !allowed.includes(key))
    .map((key) => ({
      path: `${path}/${key}`,
      code: 'INVALID_REQUEST',
      message: OTHER_OPERATIONS[key] ?? `"${key}" cannot be changed; update${of === 'object' ? 'Object' : 'Field'} changes ${allowed.join(', ')}`,
    }));
  if (problems.length)
    throw new AtriumError('VALIDATION_FAILED', `the change names what it cannot change: ${problems.map((p) => p.path).join(', ')}`, problems);
}

/** Where in the request an element came from, to point errors at the request rather than the store. */
type Origins = Map<string, string>;

/**
 * Applies metadata operations to a copy of the tenant's stored metadata and checks the result.
 * Returns the next stored bundle (physical names assigned, deleted elements kept, set aside).
 * Throws INVALID_METADATA / UNSAFE_CHANGE / NOT_FOUND with details naming the document path.
 */
export function applyOperations(current: MetadataBundle, operations: MetadataOperation[], now: Date = new Date()): MetadataBundle {
  const next = structuredClone(current);
  const origins: Origins = new Map();
  for (const [index, operation] of operations.entries()) applyOne(next, operation, `/operations/${index}`, origins, now);
  const problems = validateBundle(liveView(next)).map((problem) => toRequestPath(problem, liveView(next), origins));
  if (problems.length > 0) {
    throw new AtriumError(
      'INVALID_METADATA',
      `the metadata is not valid: ${problems[0]?.message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`,
      problems,
    );
  }
  return next;
}

function applyOne(next: MetadataBundle, operation: MetadataOperation, path: string, origins: Origins, now: Date): void {
  switch (operation.op) {
    case 'createObject': {
      const object = structuredClone(operation.object);
      object.fields ??= [];
      ensureIds(object);
      if (next.objects.some((o) => o.id === object.id)) {
        throw new AtriumError('ALREADY_EXISTS', `an object with id "${object.id}" exists already`, [
          { path: `${path}/object/id`, code: 'DUPLICATE_ID', message: `an object with id "${object.id}" exists already` },
        ]);
      }
      object.state = 'active';
      delete object.deletedAt;
      assignTable(next, object);
      next.objects.push(object);
      origins.set(object.id, `${path}/object`);
      object.fields.forEach((field, i) => {
        field.state = 'active';
        assignColumns(next, object, field);
        origins.set(field.id, `${path}/object/fields/${i}`);
      });
      return;
    }
    case 'updateObject': {
      const object = findObject(next, operation.object, `${path}/object`);
      const changes = structuredClone(operation.changes) as Record<string, unknown>;
      refuseUnknownChanges(changes, 'object', `${path}/changes`);
      mergePatch(object, changes);
      origins.set(object.id, `${path}/changes`);
      return;
    }
    case 'deleteObject': {
      const object = findObject(next, operation.object, `${path}/object`);
      if (!isLiveObject(object)) return;
      const referrers = liveView(next).objects.flatMap((o) =>
        o.id === object.id ? [] : o.fields.filter((f) => f.config?.target === object.id).map((f) => `field "${f.apiName}" of object "${o.apiName}"`),
      );
      if (referrers.length > 0) {
        throw new AtriumError('UNSAFE_CHANGE', `object "${object.apiName}" is still the target of ${referrers.join(', ')}; delete those fields first`, [
          { path: `${path}/object`, code: 'OBJECT_IN_USE', message: `object "${object.apiName}" is still referenced by ${referrers.join(', ')}` },
        ]);
      }
      object.state = 'deleted';
      object.deletedAt = now.toISOString();
      return;
    }
    case 'restoreObject': {
      const object = findObject(next, operation.object, `${path}/object`);
      object.state = 'active';
      delete object.deletedAt;
      origins.set(object.id, `${path}/object`);
      return;
    }
    case 'addField': {
      const object = findObject(next, operation.object, `${path}/object`);
      const field = structuredClone(operation.field);
      ensureFieldIds(field);
      if (object.fields.some((f) => f.id === field.id)) {
        throw new AtriumError('ALREADY_EXISTS', `object "${object.apiName}" has a field with id "${field.id}" already`, [
          { path: `${path}/field/id`, code: 'DUPLICATE_ID', message: `object "${object.apiName}" has a field with id "${field.id}" already` },
        ]);
      }
      delete field.columns;
      delete field.junctionTable;
      delete field.conversion;
      field.state = 'active';
      object.fields.push(field);
      origins.set(field.id, `${path}/field`);
      if (fieldTypeKnown(field)) assignColumns(next, object, field);
      return;
    }
    case 'updateField': {
      const object = findObject(next, operation.object, `${path}/object`);
      const field = findField(object, operation.field, `${path}/field`);
      const { config, ...rest } = structuredClone(operation.changes);
      refuseUnknownChanges(rest, 'field', `${path}/changes`);
      mergePatch(field, rest);
      if (config) field.config = mergePatch({ ...field.config }, config);
      ensureFieldIds(field);
      origins.set(field.id, `${path}/changes`);
      return;
    }
    case 'renameField': {
      const object = findObject(next, operation.object, `${path}/object`);
      const field = findField(object, operation.field, `${path}/field`);
      const before = field.apiName;
      if (before === operation.apiName) return;
      field.apiName = operation.apiName;
      renameFieldReferences(next, object, before, operation.apiName);
      origins.set(field.id, `${path}`);
      return;
    }
    case 'changeFieldType': {
      const object = findObject(next, operation.object, `${path}/object`);
      const field = findField(object, operation.field, `${path}/field`);
      changeType(object, field, operation.type, operation.config, path);
      origins.set(field.id, path);
      return;
    }
    case 'deleteField': {
      const object = findObject(next, operation.object, `${path}/object`);
      const field = findField(object, operation.field, `${path}/field`);
      if (!isLiveField(field)) return;
      refuseDeleteInUse(next, object, field, `${path}/field`);
      field.state = 'deleted';
      field.deletedAt = now.toISOString();
      return;
    }
    case 'restoreField': {
      const object = findObject(next, operation.object, `${path}/object`);
      const field = findField(object, operation.field, `${path}/field`);
      if (isLiveField(field)) return;
      field.state = 'active';
      delete field.deletedAt;
      origins.set(field.id, `${path}/field`);
      return;
    }
    case 'saveLayout': {
      const layout = structuredClone(operation.layout);
      layout.id ||= generateId('lay');
      layout.object = findObject(next, layout.object, `${path}/layout/object`).id;
      upsert(next.layouts, layout);
      origins.set(layout.id, `${path}/layout`);
      return;
    }
    case 'deleteLayout':
      next.layouts = removeById(next.layouts, operation.layout, `${path}/layout`, 'layout');
      return;
    case 'savePipeline': {
      const pipeline = structuredClone(operation.pipeline);
      pipeline.id ||= generateId('pip');
      pipeline.object = findObject(next, pipeline.object, `${path}/pipeline/object`).id;
      for (const stage of pipeline.stages ?? []) stage.id ||= generateId('stg');
      upsert(next.pipelines, pipeline);
      origins.set(pipeline.id, `${path}/pipeline`);
      return;
    }
    case 'deletePipeline':
      next.pipelines = removeById(next.pipelines, operation.pipeline, `${path}/pipeline`, 'pipeline');
      return;
    case 'saveValidationRule': {
      const rule = structuredClone(operation.rule);
      rule.id ||= generateId('rul');
      rule.object = findObject(next, rule.object, `${path}/rule/object`).id;
      upsert(next.validationRules, rule);
      origins.set(rule.id, `${path}/rule`);
      return;
    }
    case 'deleteValidationRule':
      next.validationRules = removeById(next.validationRules, operation.rule, `${path}/rule`, 'validation rule');
      return;
    case 'applyBundle':
      mergeBundle(next, operation.bundle, `${path}/bundle`, origins, now);
      return;
  }
}

function fieldTypeKnown(field: FieldDef): boolean {
  try {
    fieldType(field.type);
    return true;
  } catch {
    return false; // validation reports the unknown type with its path
  }
}

function refuseDeleteInUse(bundle: MetadataBundle, object: ObjectDef, field: FieldDef, path: string): void {
  const users = referencesToField(liveView(bundle), object.id, field.apiName);
  if (users.length > 0) {
    throw new AtriumError('UNSAFE_CHANGE', `field "${field.apiName}" of object "${object.apiName}" is still used by ${users.join('; ')}`, [
      { path, code: 'FIELD_IN_USE', message: `field "${field.apiName}" of object "${object.apiName}" is still used by ${users.join('; ')}` },
    ]);
  }
}

/** Expand step of a type change: new columns next to the old ones, filled by a backfill job. */
function changeType(object: ObjectDef, field: FieldDef, type: FieldDef['type'], config: FieldDef['config'], path: string, replaceConfig = false): void {
  if (field.type === type && config === undefined) return;
  if (field.state === 'converting') {
    throw new AtriumError('CONFLICT', `field "${field.apiName}" is still converting to ${field.type}; wait for that to finish`, [
      { path: `${path}/field`, code: 'FIELD_BUSY', message: `field "${field.apiName}" is still converting` },
    ]);
  }
  const from = fieldType(field.type);
  const sameType = field.type === type;
  if (!sameType && !from.conversions.some((c) => c.to === type)) {
    const allowed = from.conversions.map((c) => c.to);
    throw new AtriumError('UNSAFE_CHANGE', `field "${field.apiName}" of object "${object.apiName}" cannot change from ${field.type} to ${type}`, [
      {
        path: `${path}/type`,
        code: 'UNSAFE_TYPE_CHANGE',
        message: `a ${field.type} field cannot safely become ${type}${allowed.length ? `; it can become ${allowed.join(', ')}` : ''}`,
      },
    ]);
  }
  const fromType = field.type;
  const fromConfig = field.config;
  const fromColumns = { ...(field.columns ?? {}) };
  field.type = type;
  if (field.default !== undefined) field.default = convertDefault(fromType, type, field.default);
  if (replaceConfig) field.config = config;
  else if (config !== undefined) field.config = { ...field.config, ...config };
  const oldSpecs = from.columns({ ...field, type: fromType, config: fromConfig });
  const newSpecs = fieldType(type).columns(field);
  const sameColumns = oldSpecs.length === newSpecs.length && oldSpecs.every((s, i) => s.part === newSpecs[i]?.part && s.sqlType === newSpecs[i]?.sqlType);
  if (sameColumns) return; // e.g. text → longText: same column, metadata only.
  if (newSpecs.length === 0 || oldSpecs.length === 0) {
    throw new AtriumError('UNSAFE_CHANGE', `field "${field.apiName}" cannot change from ${fromType} to ${type}`, [
      { path: `${path}/type`, code: 'UNSAFE_TYPE_CHANGE', message: `a ${fromType} field cannot safely become ${type}` },
    ]);
  }
  field.columns = newColumns(
    object,
    field,
    newSpecs.map((s) => s.part),
  );
  field.conversion = { fromType, toType: type, fromColumns, ...(fromConfig ? { fromConfig } : {}) };
  field.state = 'converting';
}

/** A default value follows its field into the new type where the shapes differ. */
function convertDefault(from: FieldDef['type'], to: FieldDef['type'], value: unknown): unknown {
  if (from === 'picklist' && to === 'multiPicklist') return value === null ? null : [value];
  if (from === 'multiPicklist' && to === 'picklist') return Array.isArray(value) ? (value[0] ?? null) : value;
  if (to === 'text' || to === 'longText' || to === 'richText') return value === null ? null : typeof value === 'string' ? value : String(value);
  return value;
}

function columnsDiffer(a: FieldDef, b: FieldDef): boolean {
  if (a.type !== b.type) return true;
  return JSON.stringify(fieldType(a.type).columns(a)) !== JSON.stringify(fieldType(b.type).columns(b));
}

function upsert<T extends { id: string }>(list: T[], item: T): void {
  const index = list.findIndex((x) => x.id === item.id);
  if (index >= 0) list[index] = item;
  else list.push(item);
}

function removeById<T extends { id: string; apiName?: string }>(list: T[], ref: string, path: string, kind: string): T[] {
  const found = list.find((x) => x.id === ref) ?? list.find((x) => x.apiName === ref);
  if (!found) throw new AtriumError('NOT_FOUND', `no ${kind} "${ref}"`, [{ path, code: 'NOT_FOUND', message: `no ${kind} with id or API name "${ref}"` }]);
  return list.filter((x) => x !== found);
}

/**
 * `atrium meta apply`: the bundle becomes the tenant's metadata. Elements match by id, so a
 * renamed field stays the same column; elements missing from the bundle are set aside
 * (restorable for 30 days); set-aside elements present in the bundle are restored.
 */
function mergeBundle(next: MetadataBundle, incoming: MetadataBundle, path: string, origins: Origins, now: Date): void {
  const bundle = structuredClone(incoming);
  const problems = validateBundle(bundle).map((p) => ({ ...p, path: `${path}${p.path}` }));
  if (problems.length > 0) {
    throw new AtriumError(
      'INVALID_METADATA',
      `the bundle is not valid: ${problems[0]?.message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`,
      problems,
    );
  }
  const objects: ObjectDef[] = [];
  bundle.objects.forEach((incomingObject, i) => {
    const existing = next.objects.find((o) => o.id === incomingObject.id);
    const object: ObjectDef = { ...incomingObject, state: 'active', fields: [] };
    delete object.deletedAt;
    object.table = existing?.table;
    if (!object.table) assignTable({ ...next, objects: [...next.objects, ...objects] }, object);
    origins.set(object.id, `${path}/objects/${i}`);
    incomingObject.fields.forEach((incomingField, j) => {
      const previous = existing?.fields.find((f) => f.id === incomingField.id);
      const field: FieldDef = { ...incomingField, state: previous?.state === 'converting' ? 'converting' : 'active' };
      delete field.conversion;
      delete field.deletedAt;
      if (previous) {
        field.columns = previous.columns;
        if (previous.junctionTable) field.junctionTable = previous.junctionTable;
        if (previous.conversion) field.conversion = previous.conversion;
      }
      origins.set(field.id, `${path}/objects/${i}/fields/${j}`);
      object.fields.push(field);
    });
    // Fields the bundle no longer has are set aside with their data, like a delete.
    for (const old of existing?.fields ?? []) {
      if (object.fields.some((f) => f.id === old.id)) continue;
      object.fields.push(old.state === 'deleted' ? old : { ...old, state: 'deleted', deletedAt: now.toISOString() });
    }
    objects.push(object);
  });
  // A type change arrives as a field whose type (or column types) differ from the stored one.
  for (const object of objects) {
    const existing = next.objects.find((o) => o.id === object.id);
    object.fields = object.fields.map((field) => {
      const previous = existing?.fields.find((f) => f.id === field.id);
      if (!previous || previous.state === 'deleted' || field.state === 'deleted' || !columnsDiffer(previous, field)) return field;
      const converted: FieldDef = { ...field, type: previous.type, config: previous.config, state: previous.state ?? 'active' };
      changeType(object, converted, field.type, field.config, origins.get(field.id) ?? path, true);
      return converted;
    });
    for (const field of object.fields) if (!field.columns && field.state !== 'deleted') assignColumns({ ...next, objects }, object, field);
  }
  for (const old of next.objects) {
    if (objects.some((o) => o.id === old.id)) continue;
    objects.push(old.state === 'deleted' ? old : { ...old, state: 'deleted', deletedAt: now.toISOString() });
  }
  next.objects = objects;
  next.layouts = bundle.layouts;
  next.pipelines = bundle.pipelines;
  next.validationRules = bundle.validationRules;
}

/** Rewrites a validation problem's path from the stored metadata to the request where possible. */
function toRequestPath(problem: ErrorDetail, live: MetadataBundle, origins: Origins): ErrorDetail {
  const match = /^\/(objects|layouts|pipelines|validationRules)\/(\d+)(?:\/fields\/(\d+))?(.*)$/.exec(problem.path);
  if (!match) return problem;
  const [, kind, first, second, rest = ''] = match;
  const index = Number(first);
  let id: string | undefined;
  let named: string;
  if (kind === 'objects') {
    const object = live.objects[index];
    const field = second !== undefined ? object?.fields[Number(second)] : undefined;
    id = field?.id ?? object?.id;
    named = `/metadata/objects/${object?.apiName ?? index}${field ? `/fields/${field.apiName}` : ''}`;
  } else {
    const list = (live[kind as 'layouts' | 'pipelines' | 'validationRules'] ?? []) as Array<{ id: string; apiName?: string }>;
    id = list[index]?.id;
    named = `/metadata/${kind}/${list[index]?.apiName ?? index}`;
  }
  const origin = id ? origins.get(id) : undefined;
  return { ...problem, path: origin && !origin.endsWith('/changes') ? `${origin}${rest}` : `${named}${rest}` };
}
