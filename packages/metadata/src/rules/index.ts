export * from './date-operations.ts';
export * from './json-logic.ts';
export * from './rule-analysis.ts';
export * from './validation-rules.ts';
