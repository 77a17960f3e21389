/**
 * @atrium/metadata — isomorphic (browser + Node): the metadata model, the field-type registry,
 * naming rules, meta-schemas and validation, record schemas and the shared json-logic rules.
 */

export * from './access/system-permissions.ts';
export * from './field-types/index.ts';
export * from './model/types.ts';
export * from './naming/index.ts';
export * from './operations/merge-patch.ts';
export * from './operations/metadata-operation.ts';
export * from './record-schema/index.ts';
export * from './rules/index.ts';
export * from './schemas/index.ts';
