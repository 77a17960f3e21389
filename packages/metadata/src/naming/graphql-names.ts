import type { ObjectDef } from '../model/types.ts';

/** `salesOrder` → `SalesOrder`. */
export function graphqlTypeName(apiName: string): string {
  return apiName.charAt(0).toUpperCase() + apiName.slice(1);
}

/** Suffixes of the per-object GraphQL types (`Opportunity`, `OpportunityConnection`...). */
export const OBJECT_TYPE_SUFFIXES = ['', 'Connection', 'Edge', 'Filter', 'ListFilter', 'OrderBy', 'Input', 'UpdateInput', 'Aggregate', 'GroupBy'] as const;

/**
 * The names the generated GraphQL API gives an object (DESIGN.md §5): the runtime uses these,
 * and the metadata validation refuses objects whose names collide with another's.
 */
export interface ObjectGraphqlNames {
  /** Type names by suffix: `type` (`Opportunity`), `connection`, `edge`, `filter`, `listFilter`, `orderBy`, `input`, `updateInput`, `aggregate`, `groupBy`. */
  types: {
    type: string;
    connection: string;
    edge: string;
    filter: string;
    listFilter: string;
    orderBy: string;
    input: string;
    updateInput: string;
    aggregate: string;
    groupBy: string;
  };
  /** Root fields: `opportunity`, `opportunities`, `opportunitiesAggregate`, `createOpportunity`... */
  queries: { one: string; many: string; aggregate: string };
  mutations: { create: string; createMany: string; update: string; delete: string; restore: string };
}

export function objectGraphqlNames(object: Pick<ObjectDef, 'apiName' | 'pluralApiName'>): ObjectGraphqlNames {
  const type = graphqlTypeName(object.apiName);
  const plural = graphqlTypeName(object.pluralApiName);
  return {
    types: {
      type,
      connection: `${type}Connection`,
      edge: `${type}Edge`,
      filter: `${type}Filter`,
      listFilter: `${type}ListFilter`,
      orderBy: `${type}OrderBy`,
      input: `${type}Input`,
      updateInput: `${type}UpdateInput`,
      aggregate: `${type}Aggregate`,
      groupBy: `${type}GroupBy`,
    },
    queries: { one: object.apiName, many: object.pluralApiName, aggregate: `${object.pluralApiName}Aggregate` },
    mutations: {
      create: `create${type}`,
      createMany: `create${plural}`,
      update: `update${type}`,
      delete: `delete${type}`,
      restore: `restore${type}`,
    },
  };
}

/** Every type and root-field name an object generates (for collision checks). */
export function allGraphqlNames(object: Pick<ObjectDef, 'apiName' | 'pluralApiName'>): string[] {
  const names = objectGraphqlNames(object);
  return [...Object.values(names.types), ...Object.values(names.queries), ...Object.values(names.mutations)];
}
