export * from './ajv.ts';
export { MAX_TABLE_COLUMNS, NAME_FIELD_TYPES } from './checks/object-structure.ts';
export * from './fragments.ts';
export * from './meta-schemas.ts';
export * from './metadata-problem.ts';
export * from './record-paths.ts';
export * from './references-to-field.ts';
export * from './validate-change.ts';
export * from './validate-metadata.ts';
