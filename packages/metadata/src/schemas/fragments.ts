import type { JsonSchema } from '../field-types/field-type.ts';

/**
 * Small JSON Schema fragments shared by the meta-schemas and the field types' config schemas.
 * Each is self-contained (no `$ref`), so it can be embedded anywhere.
 */

/** BCP 47-ish locale keys: `en`, `zh-CN`, `pt-BR`, `zh-Hant-TW`. */
export const LOCALE_PATTERN = '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$';

/** Labels per locale: `en` is required, other locale keys are optional non-empty strings. */
export const labelsSchema: JsonSchema = {
  type: 'object',
  required: ['en'],
  patternProperties: { [LOCALE_PATTERN]: { type: 'string', minLength: 1, maxLength: 255 } },
  additionalProperties: false,
};

/** Longer localized texts (messages, help texts). */
export const messagesSchema: JsonSchema = {
  type: 'object',
  required: ['en'],
  patternProperties: { [LOCALE_PATTERN]: { type: 'string', minLength: 1, maxLength: 2000 } },
  additionalProperties: false,
};

/** Stable element ids: `fld_k3j...` from `generateId`, or readable ids in seed bundles (`obj_account`). */
export const ELEMENT_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$';
export const elementIdSchema: JsonSchema = { type: 'string', pattern: ELEMENT_ID_PATTERN };

/**
 * API names are only typed here: their rules (camelCase, reserved names) are checked by
 * `naming/` with dedicated problem codes and clearer messages.
 */
export const apiNameSchema: JsonSchema = { type: 'string' };

/** Any JSON value: json-logic rules are checked by `rules/` (operators, variables). */
export const jsonLogicSchema: JsonSchema = {};

/** An ISO 8601 timestamp. */
export const timestampSchema: JsonSchema = { type: 'string', format: 'date-time' };
