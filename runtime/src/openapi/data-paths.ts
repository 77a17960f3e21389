import { graphqlTypeName, objectGraphqlNames } from '@atrium/metadata';
import type { ObjectModel, TenantModel } from '../model/tenant-model.ts';
import { EXPAND_LIMIT } from '../rest/rest-query.ts';
import type { ComponentNames } from './component-names.ts';
import { exampleFilter } from './filter-components.ts';
import { type Json, parameterRef, responseRef, schemaRef } from './openapi-types.ts';

const json = (schema: Json) => ({ 'application/json': { schema } });

const ETAG = { ETag: { description: 'The record version, for `If-Match`.', schema: { type: 'string' } } };

/** The REST paths of one object: `/api/v1/data/{apiName}` and below (rest/data-routes.ts). */
export function objectPaths(model: TenantModel, object: ObjectModel, names: ComponentNames): Record<string, Json> {
  const n = names.of(object.apiName);
  const gql = objectGraphqlNames(object);
  const tag = object.apiName;
  const plural = graphqlTypeName(object.pluralApiName);
  const type = graphqlTypeName(object.apiName);
  const base = `/api/v1/data/${object.apiName}`;
  const one = `${/^[aeiou]/i.test(object.apiName) ? 'an' : 'a'} ${object.apiName}`;
  const record = (description: string, status = '200', headers: Json = ETAG) => ({ [status]: { description, headers, content: json(schemaRef(n.type)) } });
  const fieldNames = [...object.fields.keys()];
  const relationNames = [...object.relations.keys()];
  const fieldsParameter = {
    name: 'fields',
    in: 'query',
    description: `Comma-separated fields to return (\`id\` always comes): ${fieldNames.join(', ')}.`,
    schema: { type: 'string' },
    style: 'form',
    explode: false,
  };
  const expandParameter = {
    name: 'expand',
    in: 'query',
    description: relationNames.length
      ? `Comma-separated relations to return as records instead of ids (to-many: up to ${EXPAND_LIMIT} per record): ${relationNames.join(', ')}.`
      : 'This object has no relations to expand.',
    schema: { type: 'string' },
  };
  const example = exampleFilter(model, object);
  const filterParameter = {
    name: 'filter',
    in: 'query',
    description: `The filter grammar as JSON, the same as GraphQL's \`filter\` argument (see \`${n.filter}\`).`,
    content: { 'application/json': { schema: schemaRef(n.filter), ...(example ? { example } : {}) } },
  };
  const sortParameter = {
    name: 'sort',
    in: 'query',
    description: 'Comma-separated fields, or paths through lookups (`account.name`); a leading `-` sorts descending. Default: newest first.',
    schema: { type: 'string', pattern: '^-?[a-zA-Z][a-zA-Z0-9]*(\\.[a-zA-Z][a-zA-Z0-9]*)*(,-?[a-zA-Z][a-zA-Z0-9]*(\\.[a-zA-Z][a-zA-Z0-9]*)*)*$' },
    example: `-${fieldNames.includes('createdAt') ? 'createdAt' : 'id'}`,
  };
  const common = { '401': responseRef('Unauthorized'), '404': responseRef('NotFound') };
  return {
    [base]: {
      get: {
        operationId: `list${plural}`,
        tags: [tag],
        summary: `List ${object.pluralApiName}`,
        description: 'Keyset-paged; `Accept: text/csv` streams every matching record as CSV instead.',
        parameters: [filterParameter, sortParameter, parameterRef('Limit'), parameterRef('Cursor'), fieldsParameter, expandParameter, parameterRef('Count')],
        responses: {
          '200': {
            description: `A page of ${object.pluralApiName}.`,
            content: {
              ...json(schemaRef(n.list)),
              'text/csv': { schema: { type: 'string', description: 'a header row of field names, then one row per record' } },
            },
          },
          '400': responseRef('BadRequest'),
          ...common,
        },
      },
      post: {
        operationId: gql.mutations.create,
        tags: [tag],
        summary: `Create ${one}`,
        requestBody: { required: true, content: json(schemaRef(n.input)) },
        responses: {
          ...record('Created.', '201', { ...ETAG, Location: { description: 'The new record.', schema: { type: 'string' } } }),
          '400': responseRef('BadRequest'),
          ...common,
          '409': responseRef('Conflict'),
        },
      },
    },
    [`${base}/bulk`]: {
      post: {
        operationId: gql.mutations.createMany,
        tags: [tag],
        summary: `Create (or upsert) several ${object.pluralApiName}`,
        description: 'All or nothing. With `upsertBy` (a unique field), records whose value exists already are updated.',
        requestBody: {
          required: true,
          content: json({
            type: 'object',
            required: ['records'],
            properties: {
              records: { type: 'array', minItems: 1, items: schemaRef(n.input) },
              upsertBy: { type: 'string', description: 'a unique field of the object' },
            },
            additionalProperties: false,
          }),
        },
        responses: {
          '200': {
            description: 'The records, in the order given.',
            content: json({
              type: 'object',
              required: ['data'],
              properties: { data: { type: 'array', items: schemaRef(n.type) } },
              additionalProperties: false,
            }),
          },
          '400': responseRef('BadRequest'),
          ...common,
          '409': responseRef('Conflict'),
        },
      },
    },
    [`${base}/{id}`]: {
      parameters: [parameterRef('RecordId')],
      get: {
        operationId: `get${type}`,
        tags: [tag],
        summary: `Get ${one}`,
        parameters: [fieldsParameter, expandParameter],
        responses: { ...record('The record.'), '400': responseRef('BadRequest'), ...common },
      },
      patch: {
        operationId: gql.mutations.update,
        tags: [tag],
        summary: `Update ${one}`,
        parameters: [parameterRef('RecordIfMatch')],
        requestBody: { required: true, content: json(schemaRef(n.updateInput)) },
        responses: { ...record('The updated record.'), '400': responseRef('BadRequest'), ...common, '409': responseRef('Conflict') },
      },
      delete: {
        operationId: gql.mutations.delete,
        tags: [tag],
        summary: `Delete ${one} (restorable)`,
        responses: {
          '200': {
            description: 'Deleted.',
            content: json({
              type: 'object',
              required: ['id', 'deleted'],
              properties: { id: { type: 'string', format: 'uuid' }, deleted: { const: true } },
              additionalProperties: false,
            }),
          },
          ...common,
        },
      },
    },
    [`${base}/{id}/restore`]: {
      parameters: [parameterRef('RecordId')],
      post: {
        operationId: gql.mutations.restore,
        tags: [tag],
        summary: `Restore a deleted ${object.apiName}`,
        responses: { '200': { description: 'The restored record.', content: json(schemaRef(n.type)) }, ...common, '409': responseRef('Conflict') },
      },
    },
  };
}
