export { checkRuleCompilable, compileCondition, compileRule } from './compile-rule.ts';
export { RuleNotCompilable } from './rule-not-compilable.ts';
export type { RuleScope, SqlType, TypedSql } from './rule-types.ts';
