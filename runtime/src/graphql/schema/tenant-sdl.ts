import { type FieldDef, fieldType, GRAPHQL_TARGET_PLACEHOLDER, graphqlTypeName, objectGraphqlNames, sharedGraphqlSdl } from '@atrium/metadata';
import type { ObjectModel, RelationModel, TenantModel } from '../../model/tenant-model.ts';

const LIST_ARGS = (filter: string, orderBy: string) => `filter: ${filter}, orderBy: [${orderBy}!], first: Int, after: String, last: Int, before: String`;

/** Types every tenant schema has, besides the field types' shared scalars and filters. */
const BASE_SDL = `
"Sort direction."
enum OrderDirection { ASC DESC }
"Where empty values go in a sort."
enum NullsOrder { FIRST LAST }
"Calendar buckets for grouping dates, in the tenant's time zone and week start."
enum DateBucket { day week month quarter year }
"Relay page information."
type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }
"A user or integration (API key) of the tenant."
type User { id: ID! }
`;

/** The GraphQL SDL of a tenant: one set of types and root fields per object (DESIGN.md §5). */
export function tenantSdl(model: TenantModel): string {
  const parts = [sharedGraphqlSdl, BASE_SDL];
  const queries: string[] = [];
  const mutations: string[] = [];
  for (const object of model.objects.values()) {
    parts.push(objectSdl(model, object));
    const n = objectGraphqlNames(object);
    const t = n.types;
    queries.push(
      `  "One ${object.apiName} by id (null when it does not exist or was deleted)."\n  ${n.queries.one}(id: ID!): ${t.type}`,
      `  "${object.pluralApiName}, as a Relay connection."\n  ${n.queries.many}(${LIST_ARGS(t.filter, t.orderBy)}): ${t.connection}!`,
      `  "Counts and sums of ${object.pluralApiName}, optionally grouped."\n  ${n.queries.aggregate}(filter: ${t.filter}, groupBy: [${t.groupBy}!]): [${t.aggregate}!]!`,
    );
    mutations.push(
      `  "Creates a record; null when the result is not visible to you (e.g. owned by someone else)."\n  ${n.mutations.create}(input: ${t.input}!): ${t.type}`,
      `  "Creates several records at once; with upsertBy (a unique field), updates those that exist."\n  ${n.mutations.createMany}(inputs: [${t.input}!]!, upsertBy: String): [${t.type}]!`,
      `  "Updates a record; with expectedVersion, refuses (CONFLICT) when it changed since. Null when the result is no longer visible to you (a transfer)."\n  ${n.mutations.update}(id: ID!, input: ${t.updateInput}!, expectedVersion: Int): ${t.type}`,
      `  "Deletes a record (restorable)."\n  ${n.mutations.delete}(id: ID!): ${t.type}!`,
      `  ${n.mutations.restore}(id: ID!): ${t.type}`,
    );
  }
  parts.push(listFilterSdl(model));
  if (queries.length === 0) queries.push('  "The tenant has no objects yet."\n  _empty: Boolean');
  parts.push(`type Query {\n${queries.join('\n')}\n}`);
  if (mutations.length > 0) parts.push(`type Mutation {\n${mutations.join('\n')}\n}`);
  return parts.join('\n\n');
}

function description(text: string | undefined): string {
  return text ? `  ${JSON.stringify(text)}\n` : '';
}

function objectSdl(model: TenantModel, object: ObjectModel): string {
  const n = objectGraphqlNames(object);
  const t = n.types;
  const fields: string[] = [
    '  id: ID!',
    '  "The owner (a user or API key)."\n  ownerId: ID',
    '  createdAt: DateTime!',
    '  createdBy: ID',
    '  updatedAt: DateTime!',
    '  updatedBy: ID',
    '  "Row version, for expectedVersion."\n  version: Int!',
  ];
  const filters: string[] = [
    `  and: [${t.filter}!]`,
    `  or: [${t.filter}!]`,
    `  not: ${t.filter}`,
    '  "Through a lookup only: true when the lookup is empty, false when it is set."\n  isNull: Boolean',
    '  id: IdFilter',
    '  ownerId: IdFilter',
    '  createdAt: DateTimeFilter',
    '  updatedAt: DateTimeFilter',
    '  createdBy: IdFilter',
    '  updatedBy: IdFilter',
  ];
  const inputs: string[] = ['  ownerId: ID'];
  const updates: string[] = ['  ownerId: ID'];
  for (const field of object.def.fields) {
    const graphql = fieldType(field.type).graphql(field);
    const doc = description(field.description ?? field.label.en);
    const relation = object.relations.get(field.apiName);
    if (relation && relation.kind !== 'toMany') {
      fields.push(`${doc}  ${field.apiName}${relationOutput(model, relation)}`);
    } else {
      fields.push(`${doc}  ${field.apiName}: ${graphql.output.replace(GRAPHQL_TARGET_PLACEHOLDER, 'ID')}`);
    }
    if (relation?.kind === 'toOne') filters.push(`  ${field.apiName}: ${graphqlTypeName(relation.target)}Filter`);
    else if (relation?.kind === 'manyToMany') filters.push(`  ${field.apiName}: ${listFilter(model, relation)}`);
    else if (graphql.filter) filters.push(`  ${field.apiName}: ${graphql.filter}`);
    if (graphql.input && !fieldType(field.type).readOnly) {
      inputs.push(`${doc}  ${field.apiName}: ${graphql.input}${isRequiredInput(field) ? '!' : ''}`);
      updates.push(`  ${field.apiName}: ${graphql.input}`);
    }
  }
  for (const relation of object.relations.values()) {
    if (relation.kind === 'toMany' || (relation.kind === 'manyToMany' && !object.def.fields.some((f) => f.apiName === relation.name))) {
      fields.push(`  "Related ${relation.target} records."\n  ${relation.name}${relationOutput(model, relation)}`);
      filters.push(`  ${relation.name}: ${listFilter(model, relation)}`);
    }
  }
  return [
    `"${(object.def.description ?? object.def.label.en).replaceAll('"', "'")}"\ntype ${t.type} {\n${fields.join('\n')}\n}`,
    `type ${t.connection} {\n  edges: [${t.edge}!]!\n  nodes: [${t.type}!]!\n  pageInfo: PageInfo!\n  totalCount: Int!\n}`,
    `type ${t.edge} {\n  cursor: String!\n  node: ${t.type}!\n}`,
    `input ${t.filter} {\n${filters.join('\n')}\n}`,
    `"Sort by a field or a path through lookups (\`account.name\`)."\ninput ${t.orderBy} {\n  field: String!\n  direction: OrderDirection = ASC\n  nulls: NullsOrder = LAST\n}`,
    `input ${t.input} {\n${inputs.join('\n')}\n}`,
    `input ${t.updateInput} {\n${updates.join('\n')}\n}`,
    `"Group by a field; dates and date-times by a calendar bucket."\ninput ${t.groupBy} {\n  field: String!\n  bucket: DateBucket\n}`,
    `type ${t.aggregate} {\n  "The group's values by field (empty without groupBy)."\n  group: JSON!\n  count: Int!\n  "Sums of the number, currency and percent fields."\n  sum: JSON!\n  avg: JSON!\n  "Minimum and maximum of the number and date fields."\n  min: JSON!\n  max: JSON!\n}`,
  ].join('\n\n');
}

function relationOutput(model: TenantModel, relation: RelationModel): string {
  const target = model.objects.get(relation.target);
  if (!target) return ': ID';
  const t = objectGraphqlNames(target).types;
  if (relation.kind === 'toOne') return `: ${t.type}`;
  return `(${LIST_ARGS(t.filter, t.orderBy)}): ${t.connection}!`;
}

function listFilter(model: TenantModel, relation: RelationModel): string {
  const target = model.objects.get(relation.target);
  return target ? objectGraphqlNames(target).types.listFilter : 'IdListFilter';
}

/** A required field is required on create, unless it has a default. */
function isRequiredInput(field: FieldDef): boolean {
  return (field.required === true || field.type === 'masterDetail') && field.default === undefined;
}

/** `XListFilter { some, every, none }` for every object that is the target of a list relation. */
export function listFilterSdl(model: TenantModel): string {
  const targets = new Set<string>();
  for (const object of model.objects.values()) for (const r of object.relations.values()) if (r.kind !== 'toOne') targets.add(r.target);
  return [...targets]
    .map((apiName) => {
      const t = graphqlTypeName(apiName);
      return `"Conditions on related ${apiName} records."\ninput ${t}ListFilter {\n  some: ${t}Filter\n  every: ${t}Filter\n  none: ${t}Filter\n}`;
    })
    .join('\n\n');
}
