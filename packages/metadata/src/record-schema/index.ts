export * from './compile-record-schema.ts';
export * from './record-validator.ts';
export * from './system-fields.ts';
