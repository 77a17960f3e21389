import { type FieldDef, type FilterInputTypeName, fieldType, filterInputTypes } from '@atrium/metadata';
import type { ObjectModel, TenantModel } from '../model/tenant-model.ts';
import type { ComponentNames } from './component-names.ts';
import { type Json, schemaRef } from './openapi-types.ts';
import { operatorSchema } from './shared-components.ts';

/** Filters of the system fields (as the query compiler accepts them). */
const SYSTEM_FILTERS: Record<string, FilterInputTypeName> = {
  id: 'IdFilter',
  ownerId: 'IdFilter',
  createdAt: 'DateTimeFilter',
  createdBy: 'IdFilter',
  updatedAt: 'DateTimeFilter',
  updatedBy: 'IdFilter',
  version: 'IntFilter',
};

/** The shared filter type of a (non-relation) field, or null when it cannot be filtered. */
export function fieldFilterType(field: FieldDef): FilterInputTypeName | null {
  const name = fieldType(field.type).graphql(field).filter;
  return name && name in filterInputTypes ? (name as FilterInputTypeName) : null;
}

/**
 * The filter grammar on one object (DESIGN.md §5), the same JSON as GraphQL's `filter`:
 * `and`/`or`/`not`, one operator object per field, a lookup's target conditions (plus `isNull`),
 * `some`/`every`/`none` over related lists. `<Type>Conditions` is open so that a lookup can add
 * `isNull` to its target's conditions; `<Type>Filter` closes it.
 */
export function filterSchemas(model: TenantModel, object: ObjectModel, names: ComponentNames): Record<string, Json> {
  const own = names.of(object.apiName);
  const filterRef = schemaRef(own.filter);
  const properties: Record<string, Json> = {
    and: { type: 'array', items: filterRef, description: 'every filter holds' },
    or: { type: 'array', items: filterRef, description: 'at least one filter holds' },
    not: { ...filterRef, description: 'the filter does not hold' },
  };
  for (const [name, type] of Object.entries(SYSTEM_FILTERS)) properties[name] = schemaRef(names.sharedName(type));
  for (const field of object.def.fields) {
    const relation = object.relations.get(field.apiName);
    const target = relation ? model.objects.get(relation.target) : undefined;
    if (relation?.kind === 'toOne' && target) {
      properties[field.apiName] = {
        description: `Either id operators on the lookup itself (\`eq\`, \`in\`, \`isNull\`...), or conditions on the ${target.apiName} it points to (with \`isNull\` if wanted).`,
        anyOf: [
          { type: 'object', properties: lookupIdOperators(names), additionalProperties: false },
          { allOf: [schemaRef(names.of(target.apiName).conditions)], properties: { isNull: { type: 'boolean' } }, unevaluatedProperties: false },
        ],
      };
      continue;
    }
    if (relation?.kind === 'manyToMany' && target) {
      properties[field.apiName] = schemaRef(names.of(target.apiName).listFilter);
      continue;
    }
    const shared = fieldFilterType(field);
    if (shared) properties[field.apiName] = schemaRef(names.sharedName(shared));
  }
  for (const relation of object.relations.values()) {
    if (relation.kind === 'toOne' || properties[relation.name]) continue;
    const target = model.objects.get(relation.target);
    if (target) properties[relation.name] = schemaRef(names.of(target.apiName).listFilter);
  }
  const example = exampleFilter(model, object);
  return {
    [own.conditions]: { type: 'object', description: `Conditions on ${object.pluralApiName}; all of them must hold.`, properties },
    [own.filter]: {
      description: `The filter on ${object.pluralApiName}: the same JSON as GraphQL's \`filter\` argument.`,
      allOf: [schemaRef(own.conditions)],
      unevaluatedProperties: false,
      ...(example ? { examples: [example] } : {}),
    },
    [own.listFilter]: {
      type: 'object',
      description: `Conditions on related ${object.pluralApiName}: some (at least one), every (all of them; true when there are none), none (not one).`,
      properties: { some: filterRef, every: filterRef, none: filterRef },
      additionalProperties: false,
    },
  };
}

/** The id operators of a lookup (IdFilter's). */
function lookupIdOperators(names: ComponentNames): Record<string, Json> {
  return Object.fromEntries(filterInputTypes.IdFilter.operators.map((op) => [op, operatorSchema(op, { type: 'string', format: 'uuid' }, names)]));
}

/** A filter using the object's own fields (`{"and":[{"amount":{"gte":1000}},{"stage":{"in":["won"]}}]}`). */
export function exampleFilter(model: TenantModel, object: ObjectModel): Json | undefined {
  const conditions: Json[] = [];
  const seen = new Set<string>();
  for (const field of object.def.fields) {
    const type = fieldFilterType(field);
    if (!type || seen.has(type) || object.relations.has(field.apiName)) continue;
    const condition = exampleCondition(field, type);
    if (!condition) continue;
    seen.add(type);
    conditions.push({ [field.apiName]: condition });
    if (conditions.length === 2) break;
  }
  const lookup = [...object.relations.values()].find((r) => r.kind === 'toOne');
  const target = lookup ? model.objects.get(lookup.target) : undefined;
  if (lookup && target && conditions.length < 3) conditions.push({ [lookup.name]: { isNull: false } });
  if (conditions.length === 0) return undefined;
  return conditions.length === 1 ? conditions[0] : { and: conditions };
}

function exampleCondition(field: FieldDef, type: FilterInputTypeName): Json | undefined {
  const options = field.config?.options?.map((o) => o.value) ?? [];
  switch (type) {
    case 'StringFilter':
      return { contains: 'a' };
    case 'NumberFilter':
    case 'IntFilter':
      return { gte: 10 };
    case 'CurrencyFilter':
      return { gte: 1000 };
    case 'DateFilter':
    case 'DateTimeFilter':
      return { relative: 'thisQuarter' };
    case 'BooleanFilter':
      return { eq: true };
    case 'PicklistFilter':
      return options.length ? { in: options.slice(0, 2) } : undefined;
    case 'MultiPicklistFilter':
      return options.length ? { containsAny: options.slice(0, 1) } : undefined;
    default:
      return undefined;
  }
}
