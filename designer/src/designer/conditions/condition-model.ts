import { evaluateRule, isTruthy, type JsonLogic } from '@atrium/metadata';
import type { ValueKind } from './field-paths.ts';

/**
 * The condition builder's model and its json-logic form. A condition is a group (`and` / `or`)
 * of rules (`path operator value`) and nested groups; a part of a json-logic rule the builder has
 * no form for is kept as it is (a `raw` node, edited as JSON), so nothing is ever lost.
 */

export type Operator =
  | 'eq'
  | 'neq'
  | 'gt'
  | 'gte'
  | 'lt'
  | 'lte'
  | 'between'
  | 'contains'
  | 'notContains'
  | 'in'
  | 'notIn'
  | 'isSet'
  | 'isNotSet'
  | 'isNull'
  | 'isNotNull';

/** A value in a rule: a constant, or `today` / `now` (json-logic `{"today": []}`, `{"now": []}`). */
export type ConditionValue = string | number | boolean | null | string[] | { today: [] } | { now: [] };

export interface RuleNode {
  kind: 'rule';
  id: string;
  path: string;
  operator: Operator;
  /** One value (`eq`...), a list (`in`), or `[from, to]` (`between`); absent for `isSet`... */
  value?: ConditionValue;
  to?: ConditionValue;
}

export interface GroupNode {
  kind: 'group';
  id: string;
  combinator: 'and' | 'or';
  children: ConditionNode[];
  /** The top group of a condition that was one rule (no `and`/`or`): saved without the group while it holds one rule. */
  implicit?: boolean;
}

export interface RawNode {
  kind: 'raw';
  id: string;
  logic: JsonLogic;
}

export type ConditionNode = RuleNode | GroupNode | RawNode;

export const OPERATORS_BY_KIND: Record<ValueKind, readonly Operator[]> = {
  text: ['eq', 'neq', 'contains', 'notContains', 'in', 'notIn', 'isSet', 'isNotSet', 'isNull', 'isNotNull'],
  number: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'between', 'isSet', 'isNotSet', 'isNull', 'isNotNull'],
  date: ['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'between', 'isSet', 'isNotSet', 'isNull', 'isNotNull'],
  datetime: ['lt', 'lte', 'gt', 'gte', 'between', 'isSet', 'isNotSet', 'isNull', 'isNotNull'],
  boolean: ['eq', 'neq', 'isSet', 'isNotSet', 'isNull', 'isNotNull'],
  picklist: ['eq', 'neq', 'in', 'notIn', 'isSet', 'isNotSet', 'isNull', 'isNotNull'],
  multi: ['contains', 'notContains', 'isSet', 'isNotSet', 'isNull', 'isNotNull'],
  id: ['eq', 'neq', 'isSet', 'isNotSet', 'isNull', 'isNotNull'],
  json: ['isSet', 'isNotSet', 'isNull', 'isNotNull'],
};

/** Operators that take no value. */
export const UNARY_OPERATORS: ReadonlySet<Operator> = new Set(['isSet', 'isNotSet', 'isNull', 'isNotNull']);
/** Operators that take a list of values. */
export const LIST_OPERATORS: ReadonlySet<Operator> = new Set(['in', 'notIn']);

let counter = 0;
export function nodeId(): string {
  counter += 1;
  return `c${counter}`;
}

export function emptyGroup(combinator: 'and' | 'or' = 'and'): GroupNode {
  return { kind: 'group', id: nodeId(), combinator, children: [] };
}

export function newRule(path: string, operator: Operator = 'isSet'): RuleNode {
  return { kind: 'rule', id: nodeId(), path, operator };
}

// json-logic → model ------------------------------------------------------------------------------

type Logic = { [op: string]: JsonLogic };

function isLogic(value: JsonLogic | undefined): value is Logic {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 1;
}

function opOf(value: Logic): string {
  return Object.keys(value)[0] as string;
}

function argsOf(value: Logic): JsonLogic[] {
  const raw = value[opOf(value)] as JsonLogic;
  return Array.isArray(raw) ? raw : [raw];
}

/** The path of a plain `{"var": "path"}` (no default), else undefined. */
function varPath(value: JsonLogic | undefined): string | undefined {
  if (!isLogic(value) || opOf(value) !== 'var') return undefined;
  const raw = value.var;
  if (typeof raw === 'string' && raw !== '') return raw;
  if (Array.isArray(raw) && raw.length === 1 && typeof raw[0] === 'string' && raw[0] !== '') return raw[0];
  return undefined;
}

/** A constant value or `today` / `now`; undefined for anything else (a computed value). */
function constantOf(value: JsonLogic | undefined): ConditionValue | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (isLogic(value)) {
    const op = opOf(value);
    const args = value[op];
    const noArgs = args === null || (Array.isArray(args) && args.length === 0);
    if (op === 'today' && noArgs) return { today: [] };
    if (op === 'now' && noArgs) return { now: [] };
  }
  return undefined;
}

function stringList(value: JsonLogic | undefined): string[] | undefined {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return undefined;
  return value as string[];
}

const COMPARISONS: Record<string, Operator> = { '==': 'eq', '!=': 'neq', '>': 'gt', '>=': 'gte', '<': 'lt', '<=': 'lte' };

function parseRule(logic: JsonLogic): RuleNode | undefined {
  if (!isLogic(logic)) return undefined;
  const op = opOf(logic);
  const args = argsOf(logic);
  const rule = (path: string, operator: Operator, extra: Partial<RuleNode> = {}): RuleNode => ({ kind: 'rule', id: nodeId(), path, operator, ...extra });

  if ((op === '!!' || op === '!') && args.length === 1) {
    const path = varPath(args[0]);
    if (path) return rule(path, op === '!!' ? 'isSet' : 'isNotSet');
    // {"!": {"in": ...}}: the negated membership tests.
    const inner = args[0];
    if (op === '!' && isLogic(inner) && opOf(inner) === 'in') {
      const positive = parseRule(inner);
      if (positive?.operator === 'contains') return { ...positive, operator: 'notContains' };
      if (positive?.operator === 'in') return { ...positive, operator: 'notIn' };
    }
    return undefined;
  }
  if (op in COMPARISONS) {
    const operator = COMPARISONS[op] as Operator;
    if (args.length === 2) {
      const path = varPath(args[0]);
      const value = constantOf(args[1]);
      if (!path || value === undefined) return undefined;
      if (value === null && operator === 'eq') return rule(path, 'isNull');
      if (value === null && operator === 'neq') return rule(path, 'isNotNull');
      return rule(path, operator, { value });
    }
    if (args.length === 3 && op === '<=') {
      const path = varPath(args[1]);
      const from = constantOf(args[0]);
      const to = constantOf(args[2]);
      if (path && from !== undefined && to !== undefined) return rule(path, 'between', { value: from, to });
    }
    return undefined;
  }
  if (op === 'in' && args.length === 2) {
    // {"in": [{"var": "stage"}, ["a", "b"]]}: one of a list.
    const path = varPath(args[0]);
    const list = stringList(args[1]);
    if (path && list) return rule(path, 'in', { value: list });
    // {"in": ["x", {"var": "name"}]}: a text contains, or a multi-value includes.
    const needle = constantOf(args[0]);
    const haystack = varPath(args[1]);
    if (haystack && (typeof needle === 'string' || typeof needle === 'number')) return rule(haystack, 'contains', { value: needle });
  }
  return undefined;
}

export function parseNode(logic: JsonLogic): ConditionNode {
  if (isLogic(logic)) {
    const op = opOf(logic);
    if ((op === 'and' || op === 'or') && Array.isArray(logic[op])) {
      return { kind: 'group', id: nodeId(), combinator: op, children: (logic[op] as JsonLogic[]).map(parseNode) };
    }
  }
  return parseRule(logic) ?? { kind: 'raw', id: nodeId(), logic };
}

/** The builder's model of a json-logic condition: always a group at the top (`true` or nothing: an empty group). */
export function fromJsonLogic(logic: JsonLogic | undefined): GroupNode {
  if (logic === undefined || logic === null || logic === true) return emptyGroup();
  const node = parseNode(logic);
  if (node.kind === 'group') return node;
  return { kind: 'group', id: nodeId(), combinator: 'and', children: [node], implicit: true };
}

// model → json-logic ------------------------------------------------------------------------------

function valueLogic(value: ConditionValue | undefined): JsonLogic {
  if (value === undefined) return null;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return 'today' in value ? { today: [] } : { now: [] };
  return value as JsonLogic;
}

export function ruleToJsonLogic(rule: RuleNode): JsonLogic {
  const field = { var: rule.path };
  switch (rule.operator) {
    case 'isSet':
      return { '!!': field };
    case 'isNotSet':
      return { '!': field };
    case 'isNull':
      return { '==': [field, null] };
    case 'isNotNull':
      return { '!=': [field, null] };
    case 'eq':
      return { '==': [field, valueLogic(rule.value)] };
    case 'neq':
      return { '!=': [field, valueLogic(rule.value)] };
    case 'gt':
      return { '>': [field, valueLogic(rule.value)] };
    case 'gte':
      return { '>=': [field, valueLogic(rule.value)] };
    case 'lt':
      return { '<': [field, valueLogic(rule.value)] };
    case 'lte':
      return { '<=': [field, valueLogic(rule.value)] };
    case 'between':
      return { '<=': [valueLogic(rule.value), field, valueLogic(rule.to)] };
    case 'contains':
      return { in: [valueLogic(rule.value), field] };
    case 'notContains':
      return { '!': { in: [valueLogic(rule.value), field] } };
    case 'in':
      return { in: [field, Array.isArray(rule.value) ? rule.value : []] };
    case 'notIn':
      return { '!': { in: [field, Array.isArray(rule.value) ? rule.value : []] } };
  }
}

/** One node as json-logic; null for an empty group (left out of its parent). */
export function nodeToJsonLogic(node: ConditionNode): JsonLogic | null {
  if (node.kind === 'raw') return node.logic;
  if (node.kind === 'rule') return ruleToJsonLogic(node);
  const children = node.children.map(nodeToJsonLogic).filter((c): c is JsonLogic => c !== null);
  if (children.length === 0) return null;
  return { [node.combinator]: children };
}

/**
 * The json-logic of a condition. An empty condition is `true` (always holds). The top group keeps
 * its `and`/`or` even with one rule, unless the condition was read as a single rule and still is.
 */
export function toJsonLogic(root: GroupNode): JsonLogic {
  const only = root.children[0];
  if (root.implicit && root.children.length === 1 && only) return nodeToJsonLogic(only) ?? true;
  return nodeToJsonLogic(root) ?? true;
}

// evaluation --------------------------------------------------------------------------------------

export type Evaluation = { ok: true; value: unknown; holds: boolean } | { ok: false; error: string };

/** Evaluates json-logic on a sample record with the same code the server runs (json-logic-js through @atrium/metadata). */
export function evaluateOn(logic: JsonLogic, record: unknown, timeZone?: string): Evaluation {
  try {
    const value = evaluateRule(logic, record, timeZone ? { timeZone } : {});
    return { ok: true, value, holds: isTruthy(value) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

// editing helpers ---------------------------------------------------------------------------------

/** Replaces the node with `id` anywhere in the tree (or removes it when `next` is null). */
export function updateNode(root: GroupNode, id: string, next: ConditionNode | null): GroupNode {
  const walk = (group: GroupNode): GroupNode => ({
    ...group,
    children: group.children.flatMap((child) => {
      if (child.id === id) return next ? [next] : [];
      return child.kind === 'group' ? [walk(child)] : [child];
    }),
  });
  if (root.id === id) return next && next.kind === 'group' ? next : root;
  return walk(root);
}

/** Strips ids, for comparing models. */
export function withoutIds(node: ConditionNode): unknown {
  if (node.kind === 'group')
    return { kind: 'group', combinator: node.combinator, children: node.children.map(withoutIds), ...(node.implicit ? { implicit: true } : {}) };
  const { id: _id, ...rest } = node;
  return rest;
}
