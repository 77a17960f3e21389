/** A JSON Schema (2020-12, the dialect of OpenAPI 3.1) or any other JSON object of the document. */
export type Json = { [key: string]: unknown };

/** The OpenAPI 3.1 document the runtime serves per tenant (only what the generator fills in). */
export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers: Array<{ url: string; description?: string }>;
  security: Array<Record<string, string[]>>;
  tags: Array<{ name: string; description?: string; 'x-atrium'?: Json }>;
  paths: Record<string, Json>;
  components: {
    schemas: Record<string, Json>;
    responses: Record<string, Json>;
    parameters: Record<string, Json>;
    securitySchemes: Record<string, Json>;
  };
}

/** A `$ref` to a component schema. */
export function schemaRef(name: string): Json {
  return { $ref: `#/components/schemas/${name}` };
}

export function responseRef(name: string): Json {
  return { $ref: `#/components/responses/${name}` };
}

export function parameterRef(name: string): Json {
  return { $ref: `#/components/parameters/${name}` };
}
