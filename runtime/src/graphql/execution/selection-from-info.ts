import { AtriumError } from '@atrium/errors';
import { objectGraphqlNames } from '@atrium/metadata';
import {
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLResolveInfo,
  getNamedType,
  isObjectType,
  Kind,
  type SelectionSetNode,
  valueFromASTUntyped,
} from 'graphql';
import { getArgumentValues } from 'graphql/execution/values.js';
import type { ObjectModel, TenantModel } from '../../model/tenant-model.ts';
import type { ConnectionItem, ConnectionSelection, ListArgs, NodeItem, NodeSelection } from '../../query/selection.ts';

interface Walk {
  model: TenantModel;
  info: GraphQLResolveInfo;
}

/** The fields of a selection set, with fragments spread and @skip/@include applied. */
function collectFields(walk: Walk, set: SelectionSetNode | undefined, out: FieldNode[] = []): FieldNode[] {
  for (const selection of set?.selections ?? []) {
    if (!included(walk, selection.directives)) continue;
    if (selection.kind === Kind.FIELD) out.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) collectFields(walk, selection.selectionSet, out);
    else {
      const fragment: FragmentDefinitionNode | undefined = walk.info.fragments[selection.name.value];
      if (fragment) collectFields(walk, fragment.selectionSet, out);
    }
  }
  return out;
}

function included(walk: Walk, directives: FieldNode['directives']): boolean {
  for (const directive of directives ?? []) {
    const arg = directive.arguments?.find((a) => a.name.value === 'if');
    if (!arg) continue;
    const value = valueFromASTUntyped(arg.value, walk.info.variableValues);
    if (directive.name.value === 'skip' && value === true) return false;
    if (directive.name.value === 'include' && value === false) return false;
  }
  return true;
}

const keyOf = (node: FieldNode): string => node.alias?.value ?? node.name.value;

/** Merges selections of the same response key (fragments may select one field twice). */
function mergeByKey(nodes: FieldNode[]): FieldNode[][] {
  const groups = new Map<string, FieldNode[]>();
  for (const node of nodes) {
    const key = keyOf(node);
    const group = groups.get(key);
    if (group) group.push(node);
    else groups.set(key, [node]);
  }
  return [...groups.values()];
}

function subSelection(nodes: FieldNode[]): SelectionSetNode {
  return { kind: Kind.SELECTION_SET, selections: nodes.flatMap((n) => n.selectionSet?.selections ?? []) };
}

/** Arguments of a field as the schema defines them (variables and defaults applied). */
function argumentsOf(walk: Walk, parentTypeName: string, node: FieldNode): Record<string, unknown> {
  const parent = walk.info.schema.getType(parentTypeName);
  if (!isObjectType(parent)) return {};
  const definition = parent.getFields()[node.name.value];
  if (!definition) return {};
  return getArgumentValues(definition, node, walk.info.variableValues);
}

/** A record's selection (`{ id name account { name } contacts(first: 3) { ... } }`). */
export function nodeSelection(walk: Walk, object: ObjectModel, set: SelectionSetNode | undefined): NodeSelection {
  const typeName = objectGraphqlNames(object).types.type;
  const items: NodeItem[] = [];
  for (const group of mergeByKey(collectFields(walk, set))) {
    const node = group[0] as FieldNode;
    const key = keyOf(node);
    const name = node.name.value;
    if (name === '__typename') {
      items.push({ kind: 'constant', key, value: typeName });
      continue;
    }
    const relation = object.relations.get(name);
    if (relation) {
      const target = walk.model.objects.get(relation.target);
      if (!target) continue;
      if (relation.kind === 'toOne') {
        items.push({ kind: 'toOne', key, relation: name, selection: nodeSelection(walk, target, subSelection(group)) });
      } else {
        const args = argumentsOf(walk, typeName, node);
        items.push({ kind: 'connection', key, relation: name, args: listArgs(args), selection: connectionSelection(walk, target, subSelection(group)) });
      }
      continue;
    }
    if (!object.fields.has(name)) throw new AtriumError('VALIDATION_FAILED', `"${typeName}" has no field "${name}"`);
    items.push({ kind: 'field', key, field: name });
  }
  return { items };
}

/** A connection's selection: edges (cursor, node), nodes, pageInfo, totalCount. */
export function connectionSelection(walk: Walk, object: ObjectModel, set: SelectionSetNode | undefined): ConnectionSelection {
  const names = objectGraphqlNames(object).types;
  const items: ConnectionItem[] = [];
  for (const group of mergeByKey(collectFields(walk, set))) {
    const node = group[0] as FieldNode;
    const key = keyOf(node);
    switch (node.name.value) {
      case '__typename':
        items.push({ kind: 'constant', key, value: names.connection });
        break;
      case 'totalCount':
        items.push({ kind: 'totalCount', key });
        break;
      case 'nodes':
        items.push({ kind: 'nodes', key, selection: nodeSelection(walk, object, subSelection(group)) });
        break;
      case 'pageInfo': {
        const fields = collectFields(walk, subSelection(group)).map((f) => ({
          key: keyOf(f),
          name: f.name.value as 'hasNextPage' | 'hasPreviousPage' | 'startCursor' | 'endCursor' | '__typename',
          ...(f.name.value === '__typename' ? { value: 'PageInfo' } : {}),
        }));
        items.push({ kind: 'pageInfo', key, fields });
        break;
      }
      case 'edges': {
        const cursorKeys: string[] = [];
        const nodeKeys: Array<{ key: string; selection: NodeSelection }> = [];
        const typename: Array<{ key: string; value: string }> = [];
        for (const edgeGroup of mergeByKey(collectFields(walk, subSelection(group)))) {
          const edgeField = edgeGroup[0] as FieldNode;
          if (edgeField.name.value === 'cursor') cursorKeys.push(keyOf(edgeField));
          else if (edgeField.name.value === 'node') nodeKeys.push({ key: keyOf(edgeField), selection: nodeSelection(walk, object, subSelection(edgeGroup)) });
          else if (edgeField.name.value === '__typename') typename.push({ key: keyOf(edgeField), value: names.edge });
        }
        items.push({ kind: 'edges', key, cursorKeys, nodeKeys, typename });
        break;
      }
    }
  }
  return { items };
}

/** GraphQL list arguments → the compiler's (enum values are strings already). */
export function listArgs(args: Record<string, unknown>): ListArgs {
  const out: ListArgs = {};
  if (args.filter !== undefined && args.filter !== null) out.filter = args.filter;
  if (Array.isArray(args.orderBy)) out.orderBy = args.orderBy as ListArgs['orderBy'];
  if (typeof args.first === 'number') out.first = args.first;
  if (typeof args.last === 'number') out.last = args.last;
  if (typeof args.after === 'string') out.after = args.after;
  if (typeof args.before === 'string') out.before = args.before;
  return out;
}

/** The root field's selection set, for the compiler. */
export function rootWalk(model: TenantModel, info: GraphQLResolveInfo): { walk: Walk; set: SelectionSetNode } {
  return { walk: { model, info }, set: subSelection([...info.fieldNodes]) };
}

export { getNamedType };
