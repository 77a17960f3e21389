import type { FieldDef, ObjectDef } from '../../model/types.ts';
import { ruleVariables } from '../../rules/rule-analysis.ts';
import { pointer } from '../metadata-problem.ts';
import { resolveRecordPath } from '../record-paths.ts';
import type { ValidationContext } from '../validation-context.ts';
import { checkRule } from './rule-check.ts';

interface FormulaNode {
  object: ObjectDef;
  field: FieldDef;
  path: string;
}

const key = (objectId: string, field: string) => `${objectId}\u0000${field}`;

/** Formula expressions: valid rules over the object's fields, and no formula depends on itself. */
export function checkFormulas(ctx: ValidationContext): void {
  const formulas = new Map<string, FormulaNode>();
  ctx.bundle.objects.forEach((object, i) => {
    if (object.state === 'deleted') return;
    object.fields.forEach((field, j) => {
      if (field.state === 'deleted' || field.type !== 'formula' || field.config?.expression === undefined) return;
      const path = pointer('objects', i, 'fields', j, 'config', 'expression');
      checkRule(ctx, field.config.expression, object, path, `field "${field.apiName}" of object "${object.apiName}"`, 'formula');
      formulas.set(key(object.id, field.apiName), { object, field, path });
    });
  });
  checkCycles(ctx, formulas);
}

function dependencies(ctx: ValidationContext, node: FormulaNode, formulas: Map<string, FormulaNode>): string[] {
  const out: string[] = [];
  for (const variable of ruleVariables(node.field.config?.expression ?? null)) {
    for (const touched of resolveRecordPath(ctx.bundle, node.object, variable).touched) {
      const k = key(touched.objectId, touched.field);
      if (formulas.has(k)) out.push(k);
    }
  }
  return out;
}

function checkCycles(ctx: ValidationContext, formulas: Map<string, FormulaNode>): void {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const reported = new Set<string>();
  const visit = (k: string): void => {
    state.set(k, 'visiting');
    stack.push(k);
    const node = formulas.get(k) as FormulaNode;
    for (const next of dependencies(ctx, node, formulas)) {
      if (state.get(next) === 'visiting') {
        const cycle = [...stack.slice(stack.indexOf(next)), next];
        const first = formulas.get(next) as FormulaNode;
        if (!reported.has(next)) {
          for (const c of cycle.slice(0, -1)) reported.add(c);
          const names = cycle.map((c) => {
            const n = formulas.get(c) as FormulaNode;
            return `${n.object.apiName}.${n.field.apiName}`;
          });
          ctx.add(
            first.path,
            'CIRCULAR_FORMULA',
            `field "${first.field.apiName}" of object "${first.object.apiName}"`,
            `formula depends on itself: ${names.join(' → ')}`,
          );
        }
      } else if (!state.has(next)) {
        visit(next);
      }
    }
    stack.pop();
    state.set(k, 'done');
  };
  for (const k of formulas.keys()) if (!state.has(k)) visit(k);
}
