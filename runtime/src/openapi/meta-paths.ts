import type { ComponentNames } from './component-names.ts';
import type { META_SCHEMA_NAMES } from './meta-components.ts';
import { type Json, parameterRef, responseRef, schemaRef } from './openapi-types.ts';

const TAG = 'metadata';
const json = (schema: Json) => ({ 'application/json': { schema } });
const VERSION_HEADER = { ETag: { description: 'The metadata version, for `If-Match` or `baseVersion`.', schema: { type: 'string' } } };
const baseVersion = { type: 'integer', minimum: 0, description: 'the metadata version the change is based on (or send `If-Match`)' };

/** The metadata REST API (rest/meta-routes.ts) and `POST /graphql`, as paths. */
export function metaPaths(names: ComponentNames): Record<string, Json> {
  const ref = (name: (typeof META_SCHEMA_NAMES)[number]) => schemaRef(names.sharedName(name));
  const read = { '401': responseRef('Unauthorized'), '403': responseRef('Forbidden') };
  const change = (description: string, bodyProperties: Record<string, Json>, required: string[]): Json => ({
    description: `${description} Admin keys only. The same path as \`POST /api/v1/meta/changes\`: a plan, one revision, DDL, follow-up jobs.`,
    parameters: [parameterRef('MetaIfMatch'), parameterRef('DryRun')],
    ...(Object.keys(bodyProperties).length
      ? {
          requestBody: {
            required: required.length > 0,
            content: json({ type: 'object', required, properties: { baseVersion, ...bodyProperties }, additionalProperties: false }),
          },
        }
      : {}),
    responses: {
      '200': { description: 'Planned (dry run, or nothing to change) or applied.', content: json(ref('MetaChangeResult')) },
      '201': { description: 'Applied: the element was created.', content: json(ref('MetaChangeResult')) },
      '400': responseRef('BadRequest'),
      ...read,
      '404': responseRef('NotFound'),
      '409': responseRef('Conflict'),
      '422': responseRef('Unprocessable'),
      '503': responseRef('Unavailable'),
    },
  });
  const objectParam = { name: 'object', in: 'path', required: true, description: 'The object, by API name or id.', schema: { type: 'string' } };
  const fieldParam = { name: 'field', in: 'path', required: true, description: 'The field, by API name or id.', schema: { type: 'string' } };
  return {
    '/api/v1/meta': {
      get: {
        operationId: 'metaGetBundle',
        tags: [TAG],
        summary: "The tenant's metadata",
        responses: {
          '200': {
            description: 'The metadata version and the bundle as exported.',
            headers: VERSION_HEADER,
            content: json({ type: 'object', required: ['version', 'bundle'], properties: { version: { type: 'integer' }, bundle: ref('MetaBundle') } }),
          },
          ...read,
        },
      },
    },
    '/api/v1/meta/objects': {
      get: {
        operationId: 'metaListObjects',
        tags: [TAG],
        summary: 'Object definitions',
        responses: {
          '200': {
            description: 'The live objects with their fields.',
            headers: VERSION_HEADER,
            content: json({
              type: 'object',
              required: ['version', 'objects'],
              properties: { version: { type: 'integer' }, objects: { type: 'array', items: ref('MetaObject') } },
            }),
          },
          ...read,
        },
      },
      post: {
        operationId: 'metaCreateObject',
        tags: [TAG],
        summary: 'Create an object',
        ...change('Creates an object (createObject).', { object: ref('MetaObject') }, ['object']),
      },
    },
    '/api/v1/meta/objects/{object}': {
      parameters: [objectParam],
      get: {
        operationId: 'metaGetObject',
        tags: [TAG],
        summary: 'One object definition',
        responses: {
          '200': {
            description: 'The object with its fields.',
            headers: VERSION_HEADER,
            content: json({ type: 'object', required: ['version', 'object'], properties: { version: { type: 'integer' }, object: ref('MetaObject') } }),
          },
          ...read,
          '404': responseRef('NotFound'),
        },
      },
    },
    '/api/v1/meta/objects/{object}/fields': {
      parameters: [objectParam],
      post: { operationId: 'metaAddField', tags: [TAG], summary: 'Add a field', ...change('Adds a field (addField).', { field: ref('MetaField') }, ['field']) },
    },
    '/api/v1/meta/objects/{object}/fields/{field}': {
      parameters: [objectParam, fieldParam],
      patch: {
        operationId: 'metaUpdateField',
        tags: [TAG],
        summary: 'Change a field',
        ...change('Changes a field (updateField).', { changes: ref('MetaFieldChanges') }, ['changes']),
      },
      delete: {
        operationId: 'metaDeleteField',
        tags: [TAG],
        summary: 'Delete a field (restorable for 30 days)',
        ...change('Sets the field aside (deleteField); a purge job drops its data after 30 days unless restored.', { baseVersion }, []),
      },
    },
    '/api/v1/meta/changes': {
      post: {
        operationId: 'metaApplyChanges',
        tags: [TAG],
        summary: 'Apply metadata operations',
        description:
          'Every metadata operation (createObject, addField, updateField, renameField, changeFieldType, deleteField, saveLayout, applyBundle...). Admin keys only.',
        requestBody: { required: true, content: json(ref('MetaChangeRequest')) },
        responses: {
          '200': { description: 'Planned (dryRun) or applied.', content: json(ref('MetaChangeResult')) },
          '400': responseRef('BadRequest'),
          ...read,
          '404': responseRef('NotFound'),
          '409': responseRef('Conflict'),
          '422': responseRef('Unprocessable'),
          '503': responseRef('Unavailable'),
        },
      },
    },
    '/api/v1/meta/jobs': {
      get: {
        operationId: 'metaListJobs',
        tags: [TAG],
        summary: 'Follow-up jobs of metadata changes',
        parameters: [
          { name: 'status', in: 'query', schema: { type: 'string', enum: ['queued', 'running', 'succeeded', 'failed'] } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 } },
        ],
        responses: {
          '200': {
            description: 'Newest first.',
            content: json({ type: 'object', required: ['data'], properties: { data: { type: 'array', items: ref('MetaJob') } } }),
          },
          '400': responseRef('BadRequest'),
          ...read,
        },
      },
    },
    '/api/v1/meta/deleted': {
      get: {
        operationId: 'metaListDeleted',
        tags: [TAG],
        summary: 'Objects and fields set aside by a delete, restorable until purged',
        responses: {
          '200': {
            description: 'Oldest deletion first.',
            content: json({
              type: 'object',
              required: ['version', 'data'],
              properties: { version: { type: 'integer' }, data: { type: 'array', items: ref('MetaSetAsideElement') } },
            }),
          },
          ...read,
        },
      },
    },
    '/graphql': {
      post: {
        operationId: 'executeGraphql',
        tags: ['graphql'],
        summary: "The tenant's GraphQL API",
        description: 'Queries and mutations on every object (see the GraphQL console at /graphql/console). Errors carry `extensions.code`.',
        requestBody: { required: true, content: json(ref('GraphqlRequest')) },
        responses: {
          '200': { description: 'The result (errors included when some fields failed).', content: json(ref('GraphqlResponse')) },
          '400': { description: 'The request or query is not valid.', content: json(ref('GraphqlResponse')) },
          '401': responseRef('Unauthorized'),
        },
      },
    },
  };
}
