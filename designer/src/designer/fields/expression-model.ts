import type { JsonLogic } from '@atrium/metadata';

/**
 * The formula builder's model: a json-logic expression as a tree of fields, constants and
 * operations. Anything else stays json-logic (a `raw` node), so every expression round-trips.
 */

export type ExpressionNode =
  | { kind: 'field'; path: string }
  | { kind: 'number'; value: number }
  | { kind: 'text'; value: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'op'; op: string; args: ExpressionNode[] }
  | { kind: 'raw'; logic: JsonLogic };

export interface OperationSpec {
  op: string;
  /** Fixed argument count, or the minimum for variadic operations. */
  arity: number;
  variadic?: boolean;
  group: 'math' | 'text' | 'logic' | 'compare' | 'date';
}

export const OPERATIONS: OperationSpec[] = [
  { op: '+', arity: 2, variadic: true, group: 'math' },
  { op: '-', arity: 2, group: 'math' },
  { op: '*', arity: 2, variadic: true, group: 'math' },
  { op: '/', arity: 2, group: 'math' },
  { op: '%', arity: 2, group: 'math' },
  { op: 'min', arity: 2, variadic: true, group: 'math' },
  { op: 'max', arity: 2, variadic: true, group: 'math' },
  { op: 'cat', arity: 2, variadic: true, group: 'text' },
  { op: 'substr', arity: 3, group: 'text' },
  { op: 'if', arity: 3, group: 'logic' },
  { op: 'and', arity: 2, variadic: true, group: 'logic' },
  { op: 'or', arity: 2, variadic: true, group: 'logic' },
  { op: '!', arity: 1, group: 'logic' },
  { op: '!!', arity: 1, group: 'logic' },
  { op: '==', arity: 2, group: 'compare' },
  { op: '!=', arity: 2, group: 'compare' },
  { op: '>', arity: 2, group: 'compare' },
  { op: '>=', arity: 2, group: 'compare' },
  { op: '<', arity: 2, group: 'compare' },
  { op: '<=', arity: 2, group: 'compare' },
  { op: 'today', arity: 0, group: 'date' },
  { op: 'now', arity: 0, group: 'date' },
  { op: 'date_add', arity: 3, group: 'date' },
  { op: 'date_diff', arity: 3, group: 'date' },
];

const SPECS = new Map(OPERATIONS.map((spec) => [spec.op, spec]));

export function operationSpec(op: string): OperationSpec | undefined {
  return SPECS.get(op);
}

export function parseExpression(logic: JsonLogic | undefined): ExpressionNode {
  if (logic === undefined || logic === null) return { kind: 'null' };
  if (typeof logic === 'number') return { kind: 'number', value: logic };
  if (typeof logic === 'string') return { kind: 'text', value: logic };
  if (typeof logic === 'boolean') return { kind: 'boolean', value: logic };
  if (Array.isArray(logic)) return { kind: 'raw', logic };
  const keys = Object.keys(logic);
  if (keys.length !== 1) return { kind: 'raw', logic };
  const op = keys[0] as string;
  const raw = logic[op] as JsonLogic;
  if (op === 'var') {
    if (typeof raw === 'string' && raw) return { kind: 'field', path: raw };
    if (Array.isArray(raw) && raw.length === 1 && typeof raw[0] === 'string' && raw[0]) return { kind: 'field', path: raw[0] };
    return { kind: 'raw', logic };
  }
  const spec = SPECS.get(op);
  if (!spec) return { kind: 'raw', logic };
  const args = raw === null || raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  if (spec.variadic ? args.length < 1 : args.length !== spec.arity && !(spec.arity === 0 && args.length === 0)) return { kind: 'raw', logic };
  return { kind: 'op', op, args: args.map(parseExpression) };
}

export function expressionToJsonLogic(node: ExpressionNode): JsonLogic {
  switch (node.kind) {
    case 'field':
      return { var: node.path };
    case 'number':
    case 'text':
    case 'boolean':
      return node.value;
    case 'null':
      return null;
    case 'raw':
      return node.logic;
    case 'op':
      if (node.args.length === 0) return { [node.op]: [] };
      if ((node.op === '!' || node.op === '!!') && node.args.length === 1) return { [node.op]: [expressionToJsonLogic(node.args[0] as ExpressionNode)] };
      return { [node.op]: node.args.map(expressionToJsonLogic) };
  }
}

/** A new node of a kind, reusing what fits from the old one. */
export function changeKind(node: ExpressionNode, kind: ExpressionNode['kind'] | `op:${string}`, firstPath: string): ExpressionNode {
  if (kind.startsWith('op:')) {
    const op = kind.slice(3);
    const spec = SPECS.get(op);
    const count = spec?.arity ?? 2;
    const previous = node.kind === 'op' ? node.args : node.kind === 'null' ? [] : [node];
    const args = Array.from({ length: count }, (_, i) => previous[i] ?? ({ kind: 'null' } as ExpressionNode));
    return { kind: 'op', op, args };
  }
  switch (kind) {
    case 'field':
      return { kind: 'field', path: node.kind === 'field' ? node.path : firstPath };
    case 'number':
      return { kind: 'number', value: node.kind === 'number' ? node.value : 0 };
    case 'text':
      return { kind: 'text', value: node.kind === 'text' ? node.value : '' };
    case 'boolean':
      return { kind: 'boolean', value: node.kind === 'boolean' ? node.value : true };
    case 'raw':
      return { kind: 'raw', logic: expressionToJsonLogic(node) };
    default:
      return { kind: 'null' };
  }
}
