import type { ComponentNames } from './component-names.ts';
import { type Json, responseRef, schemaRef } from './openapi-types.ts';

/** Component schemas of the saved views API (names claimed after the objects'). */
export const VIEW_SCHEMA_NAMES = ['SavedView', 'SavedViewDefinition', 'SavedViewInput', 'SavedViewUpdate'] as const;

const TAG = 'views';
const json = (schema: Json) => ({ 'application/json': { schema } });
const ETAG = { ETag: { description: 'The view version, for `If-Match` or `expectedVersion`.', schema: { type: 'string' } } };
const name = { type: 'string', minLength: 1, maxLength: 200, description: 'Unique per owner among private views of an object, and among its shared views.' };
const visibility = { enum: ['private', 'everyone'], description: '`everyone` (shared) needs the manageSharedViews permission.' };
const position = { type: 'integer', minimum: 0, maximum: 1_000_000, description: 'Views are listed by position, then name.' };

export function viewSchemas(names: ComponentNames): Record<string, Json> {
  const ref = (n: (typeof VIEW_SCHEMA_NAMES)[number]) => schemaRef(names.sharedName(n));
  const definition = (required: string[]): Json => ({
    type: 'object',
    additionalProperties: false,
    required,
    properties: {
      columns: { type: 'array', maxItems: 200, uniqueItems: true, items: { type: 'string' }, description: 'Field API names, in order.' },
      filter: {
        type: ['object', 'null'],
        description: 'The filter grammar of the list API (`/api/v1/data/{object}?filter=`), e.g. `{"amount":{"gte":1000}}`.',
      },
      sort: {
        type: 'array',
        maxItems: 5,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['field'],
          properties: {
            field: { type: 'string', description: 'A field API name or a path through lookups (`account.name`).' },
            direction: { enum: ['asc', 'desc', 'ASC', 'DESC'] },
            nulls: { enum: ['first', 'last', 'FIRST', 'LAST'] },
          },
        },
      },
    },
  });
  return {
    [names.sharedName('SavedViewDefinition')]: {
      ...definition(['columns', 'filter', 'sort']),
      description: 'Columns, filter and sort, by API name. Stored by field id: renames keep them.',
    },
    [names.sharedName('SavedView')]: {
      type: 'object',
      required: ['id', 'object', 'name', 'visibility', 'definition', 'position', 'ownerId', 'mine', 'canEdit', 'omitted', 'createdAt', 'updatedAt', 'version'],
      properties: {
        id: { type: 'string', format: 'uuid' },
        object: { type: 'string', description: "The object's API name." },
        name: { type: 'string' },
        visibility,
        definition: ref('SavedViewDefinition'),
        position: { type: 'integer' },
        ownerId: { type: 'string', format: 'uuid' },
        mine: { type: 'boolean', description: 'The caller owns the view.' },
        canEdit: { type: 'boolean', description: 'The caller may change and delete the view.' },
        omitted: {
          type: 'array',
          description: 'Parts of the stored definition left out for the caller: fields deleted since, fields it may not read, conditions no longer valid.',
          items: {
            type: 'object',
            required: ['part', 'reason'],
            properties: { part: { enum: ['columns', 'filter', 'sort'] }, reason: { enum: ['deleted', 'hidden', 'invalid'] } },
          },
        },
        createdAt: { type: 'string', format: 'date-time' },
        updatedAt: { type: 'string', format: 'date-time' },
        version: { type: 'integer' },
      },
    },
    [names.sharedName('SavedViewInput')]: {
      type: 'object',
      additionalProperties: false,
      required: ['object', 'name', 'definition'],
      properties: { object: { type: 'string', description: 'The object, by API name or id.' }, name, visibility, definition: definition([]), position },
    },
    [names.sharedName('SavedViewUpdate')]: {
      type: 'object',
      additionalProperties: false,
      description: 'Members given replace the stored ones; in `definition`, each of columns, filter and sort given replaces its part.',
      properties: { name, visibility, definition: definition([]), position, expectedVersion: { type: 'integer', minimum: 1 } },
    },
  };
}

/** The saved views REST API (rest/view-routes.ts). */
export function viewPaths(names: ComponentNames): Record<string, Json> {
  const view = schemaRef(names.sharedName('SavedView'));
  const read = { '401': responseRef('Unauthorized'), '403': responseRef('Forbidden') };
  const idParam = { name: 'id', in: 'path', required: true, description: 'The view id.', schema: { type: 'string', format: 'uuid' } };
  const ifMatch = {
    name: 'If-Match',
    in: 'header',
    description: 'The view version (ETag); a stale one is refused with 409 CONFLICT.',
    schema: { type: 'string' },
  };
  return {
    '/api/v1/views': {
      get: {
        operationId: 'viewsList',
        tags: [TAG],
        summary: "The caller's saved views and the shared ones",
        parameters: [{ name: 'object', in: 'query', description: 'Only the views of this object (API name or id).', schema: { type: 'string' } }],
        responses: {
          '200': {
            description: 'Views in order (position, name); `canShare` tells whether the caller may create and change shared views.',
            content: json({
              type: 'object',
              required: ['data', 'canShare'],
              properties: { data: { type: 'array', items: view }, canShare: { type: 'boolean' } },
            }),
          },
          '400': responseRef('BadRequest'),
          ...read,
        },
      },
      post: {
        operationId: 'viewsCreate',
        tags: [TAG],
        summary: 'Save a view',
        requestBody: { required: true, content: json(schemaRef(names.sharedName('SavedViewInput'))) },
        responses: {
          '201': { description: 'Saved.', headers: ETAG, content: json(view) },
          '400': responseRef('BadRequest'),
          ...read,
          '409': responseRef('Conflict'),
        },
      },
    },
    '/api/v1/views/{id}': {
      parameters: [idParam],
      get: {
        operationId: 'viewsGet',
        tags: [TAG],
        summary: 'One saved view',
        responses: { '200': { description: 'The view.', headers: ETAG, content: json(view) }, ...read, '404': responseRef('NotFound') },
      },
      patch: {
        operationId: 'viewsUpdate',
        tags: [TAG],
        summary: 'Change a saved view',
        parameters: [ifMatch],
        requestBody: { required: true, content: json(schemaRef(names.sharedName('SavedViewUpdate'))) },
        responses: {
          '200': { description: 'Changed.', headers: ETAG, content: json(view) },
          '400': responseRef('BadRequest'),
          ...read,
          '404': responseRef('NotFound'),
          '409': responseRef('Conflict'),
        },
      },
      delete: {
        operationId: 'viewsDelete',
        tags: [TAG],
        summary: 'Delete a saved view',
        parameters: [ifMatch],
        responses: { '204': { description: 'Deleted.' }, ...read, '404': responseRef('NotFound'), '409': responseRef('Conflict') },
      },
    },
  };
}
