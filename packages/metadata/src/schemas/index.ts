export * from './ajv.ts';
export * from './fragments.ts';
export * from './meta-schemas.ts';
export * from './metadata-problem.ts';
export * from './record-paths.ts';
export { NAME_FIELD_TYPES, MAX_TABLE_COLUMNS } from './checks/object-structure.ts';
export * from './references-to-field.ts';
export * from './validate-change.ts';
export * from './validate-metadata.ts';
