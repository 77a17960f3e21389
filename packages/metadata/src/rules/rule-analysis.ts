import type { JsonLogic } from '../model/types.ts';

/** What a rule reads and uses, found without evaluating it. */
export interface RuleAnalysis {
  /** Record paths read with `var` (and named by `missing` / `missing_some`), in order of appearance. */
  variables: string[];
  /** Operations used. */
  operations: string[];
  /** Some `var` computes its path at run time (`{"var": {"cat": ...}}`): it cannot be checked. */
  dynamicVariables: boolean;
}

/** Operations whose second argument runs per array item: its `var`s read the item, not the record. */
const ITEM_SCOPED = new Set(['map', 'filter', 'all', 'none', 'some', 'reduce']);

function isLogic(value: JsonLogic): value is { [op: string]: JsonLogic } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 1;
}

function argsOf(values: JsonLogic): JsonLogic[] {
  return Array.isArray(values) ? values : [values];
}

export function analyzeRule(rule: JsonLogic): RuleAnalysis {
  const variables: string[] = [];
  const operations = new Set<string>();
  let dynamicVariables = false;
  const addVariable = (name: JsonLogic) => {
    if (typeof name === 'number') name = String(name);
    if (typeof name !== 'string') {
      dynamicVariables = true;
      return;
    }
    if (name !== '' && !variables.includes(name)) variables.push(name);
  };

  const walk = (node: JsonLogic, itemScope: boolean): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item, itemScope);
      return;
    }
    if (!isLogic(node)) return;
    const op = Object.keys(node)[0] as string;
    operations.add(op);
    const args = argsOf(node[op] as JsonLogic);
    if (op === 'var') {
      const [name, fallback] = args;
      if (!itemScope) {
        if (isLogic(name ?? null) || Array.isArray(name)) dynamicVariables = true;
        else if (name !== undefined && name !== null) addVariable(name);
      }
      if (name !== undefined) walk(name, itemScope);
      if (fallback !== undefined) walk(fallback, itemScope);
      return;
    }
    if (op === 'missing' || op === 'missing_some') {
      const names = op === 'missing_some' ? args[1] : args.length === 1 && Array.isArray(args[0]) ? args[0] : args;
      if (op === 'missing_some' && args[0] !== undefined) walk(args[0], itemScope);
      for (const name of argsOf(names ?? [])) {
        if (isLogic(name)) {
          walk(name, itemScope);
          dynamicVariables ||= !itemScope;
        } else if (!itemScope) addVariable(name);
      }
      return;
    }
    if (ITEM_SCOPED.has(op)) {
      args.forEach((arg, index) => {
        walk(arg, index === 1 ? true : itemScope);
      });
      return;
    }
    for (const arg of args) walk(arg, itemScope);
  };

  walk(rule, false);
  return { variables, operations: [...operations], dynamicVariables };
}

/** The record paths a rule reads with `var` (`["amount", "account.name"]`), item-scoped ones excluded. */
export function ruleVariables(rule: JsonLogic): string[] {
  return analyzeRule(rule).variables;
}

/** Rewrites `var` references to a record path (`from` → `to`, and `from.x` → `to.x`), e.g. after a rename. */
export function renameRuleVariable(rule: JsonLogic, from: string, to: string): JsonLogic {
  const rename = (name: JsonLogic): JsonLogic => {
    if (typeof name !== 'string') return name;
    if (name === from) return to;
    return name.startsWith(`${from}.`) ? `${to}${name.slice(from.length)}` : name;
  };
  const walk = (node: JsonLogic, itemScope: boolean): JsonLogic => {
    if (Array.isArray(node)) return node.map((item) => walk(item, itemScope));
    if (!isLogic(node)) return node;
    const op = Object.keys(node)[0] as string;
    const raw = node[op] as JsonLogic;
    const args = argsOf(raw);
    let next: JsonLogic[];
    if (op === 'var' && !itemScope) {
      next = args.map((arg, index) => (index === 0 ? rename(arg) : walk(arg, itemScope)));
    } else if (op === 'missing' && !itemScope) {
      next = args.map((arg) => (Array.isArray(arg) ? arg.map(rename) : rename(arg)));
    } else if (op === 'missing_some' && !itemScope) {
      next = args.map((arg, index) => (index === 1 && Array.isArray(arg) ? arg.map(rename) : walk(arg, itemScope)));
    } else if (ITEM_SCOPED.has(op)) {
      next = args.map((arg, index) => walk(arg, index === 1 ? true : itemScope));
    } else {
      next = args.map((arg) => walk(arg, itemScope));
    }
    return { [op]: Array.isArray(raw) ? next : (next[0] as JsonLogic) };
  };
  return walk(rule, false);
}
