import { elementIdSchema } from '../../schemas/fragments.ts';
import type { JsonSchema } from '../field-type.ts';

/** Replaced by the runtime with the target object's GraphQL type name (`Account`). */
export const GRAPHQL_TARGET_PLACEHOLDER = '@target';

export const ON_DELETE_VALUES = ['restrict', 'setNull', 'cascade'] as const;

/** A uuid reference to another record. */
export const uuidSchema: JsonSchema = { type: 'string', format: 'uuid' };

export const targetSchema: JsonSchema = elementIdSchema;
