import type { TenantModel } from '../model/tenant-model.ts';
import { ComponentNames } from './component-names.ts';
import { objectPaths } from './data-paths.ts';
import { filterSchemas } from './filter-components.ts';
import { META_SCHEMA_NAMES, metaSchemas } from './meta-components.ts';
import { metaPaths } from './meta-paths.ts';
import type { Json, OpenApiDocument } from './openapi-types.ts';
import { inputSchemas, listSchema, recordSchema } from './record-components.ts';
import { SHARED_SCHEMA_NAMES, sharedParameters, sharedResponses, sharedSchemas } from './shared-components.ts';
import { VIEW_SCHEMA_NAMES, viewPaths, viewSchemas } from './view-paths.ts';

export interface OpenApiOptions {
  /** The tenant's display name (its key when absent). */
  tenantName?: string;
}

const DESCRIPTION = `The tenant's REST API, generated from its metadata.

- Authentication: \`Authorization: Bearer <API key>\`.
- Records: \`/api/v1/data/{object}\` and \`/api/v1/data/{object}/{id}\`; field API names plus the system fields id, ownerId, createdAt, createdBy, updatedAt, updatedBy, version. Lookups are ids, many-to-many fields lists of ids, currency \`{amount, currency}\`, addresses objects, auto-numbers formatted strings.
- Filters: the \`filter\` parameter is JSON, the same grammar as GraphQL's \`filter\` argument: \`{"and":[{"amount":{"gte":1000}},{"stage":{"in":["closedWon"]}}]}\`; \`and\`/\`or\`/\`not\`, one object of operators per field, conditions on a lookup's target, \`some\`/\`every\`/\`none\` over related lists.
- Paging: \`limit\` and \`cursor\` (keyset); \`count=true\` adds \`totalCount\`.
- Concurrency: responses carry the record version as \`ETag\`; send it as \`If-Match\` to refuse a lost update (409).
- Errors: \`application/problem+json\` (RFC 9457) with a stable \`code\` and per-field \`errors\`.`;

/**
 * The tenant's OpenAPI 3.1 document (DESIGN.md §5): per object its record, input, list and
 * filter schemas and its REST paths; the metadata API; GraphQL. Built once per metadata
 * version (tenant runtimes cache it).
 */
export function buildOpenApiDocument(model: TenantModel, options: OpenApiOptions = {}): OpenApiDocument {
  const names = new ComponentNames(model, [...SHARED_SCHEMA_NAMES, ...META_SCHEMA_NAMES, ...VIEW_SCHEMA_NAMES]);
  const schemas: Record<string, Json> = {};
  const paths: OpenApiDocument['paths'] = {};
  const tags: OpenApiDocument['tags'] = [];
  for (const object of model.objects.values()) {
    const n = names.of(object.apiName);
    schemas[n.type] = recordSchema(model, object, names);
    const { input, updateInput } = inputSchemas(model, object);
    schemas[n.input] = input;
    schemas[n.updateInput] = updateInput;
    schemas[n.list] = listSchema(object, names);
    Object.assign(schemas, filterSchemas(model, object, names));
    Object.assign(paths, objectPaths(model, object, names));
    tags.push({
      name: object.apiName,
      description: object.def.description ?? object.def.pluralLabel.en,
      'x-atrium': { objectId: object.def.id, label: object.def.label.en, pluralLabel: object.def.pluralLabel.en, schema: n.type, filter: n.filter },
    });
  }
  Object.assign(schemas, sharedSchemas(names), metaSchemas(names), viewSchemas(names));
  Object.assign(paths, metaPaths(names), viewPaths(names));
  tags.push({ name: 'metadata', description: 'Objects, fields and changes to them (admin keys may change; integration keys read).' });
  tags.push({ name: 'views', description: "Saved list views: the caller's own and those shared with everyone." });
  tags.push({ name: 'graphql', description: 'The same data through GraphQL.' });
  return {
    openapi: '3.1.0',
    info: { title: `${options.tenantName ?? model.tenantKey} — Atrium API`, version: String(model.version), description: DESCRIPTION },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    tags,
    paths,
    components: {
      schemas,
      responses: sharedResponses(names),
      parameters: sharedParameters(),
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API key of the tenant (`atrium apikey create`).' } },
    },
  };
}
