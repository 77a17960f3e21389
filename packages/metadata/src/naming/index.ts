export * from './api-name.ts';
export * from './element-id.ts';
export * from './graphql-names.ts';
export * from './physical-name.ts';
export * from './reserved-names.ts';
