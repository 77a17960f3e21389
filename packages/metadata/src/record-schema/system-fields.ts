import type { JsonSchema } from '../field-types/field-type.ts';

const uuid = { type: 'string', format: 'uuid' };
const timestamp = { type: 'string', format: 'date-time' };

/**
 * System fields in the record API shape. `ownerId` is writable (assigning an owner; the record
 * service defaults it to the current user); the others are set by the platform.
 */
export function systemFieldSchemas(): Record<string, JsonSchema> {
  const system = (schema: JsonSchema, title: string, readOnly = true): JsonSchema => ({
    ...schema,
    title,
    ...(readOnly ? { readOnly: true } : {}),
    'x-atrium': { system: true },
  });
  return {
    id: system(uuid, 'ID'),
    ownerId: system(uuid, 'Owner', false),
    createdAt: system(timestamp, 'Created at'),
    createdBy: system(uuid, 'Created by'),
    updatedAt: system(timestamp, 'Updated at'),
    updatedBy: system(uuid, 'Updated by'),
    version: system({ type: 'integer', minimum: 0 }, 'Version'),
  };
}
