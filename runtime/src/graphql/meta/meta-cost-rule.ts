import {
  type ASTVisitor,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';

/** How many items a list of objects is assumed to hold when its size is unknown (objects, fields, roles...). */
export const META_LIST_ITEMS = 10;

function isList(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

/**
 * Refuses `/graphql/meta` queries whose estimated cost exceeds `limit`: every field costs 1, and
 * what is selected under a list of objects counts once per item — `first` when the field has one
 * (its default when it is a variable or left out), META_LIST_ITEMS otherwise. Unlike the tenant API's rule it reads the schema (lists are not
 * connections here). The estimate depends on the query alone, never on a tenant's data, so the
 * one shared executor may cache it.
 */
export function metaCostRule(limit: number) {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(node) {
      const schema = context.getSchema();
      const fragments = new Map<string, FragmentDefinitionNode>();
      for (const definition of context.getDocument().definitions)
        if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
      const root = node.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
      if (!root) return;
      const cost = costOf(schema, root, node.selectionSet, fragments, 0);
      if (cost > limit)
        context.reportError(
          new GraphQLError(`the query is too complex (estimated cost ${cost}, limit ${limit}); ask for fewer fields or fewer nested lists`, {
            nodes: [node],
            extensions: { code: 'QUERY_TOO_COMPLEX' },
          }),
        );
    },
  });
}

function costOf(
  schema: GraphQLSchema,
  type: GraphQLNamedType,
  set: SelectionSetNode | undefined,
  fragments: Map<string, FragmentDefinitionNode>,
  depth: number,
): number {
  if (!set || depth > 20 || !isObjectType(type)) return 0;
  let total = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      const on = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
      total += on ? costOf(schema, on, selection.selectionSet, fragments, depth + 1) : 0;
      continue;
    }
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = fragments.get(selection.name.value);
      const on = fragment ? schema.getType(fragment.typeCondition.name.value) : undefined;
      total += fragment && on ? costOf(schema, on, fragment.selectionSet, fragments, depth + 1) : 0;
      continue;
    }
    // Introspection (__schema, __type, __typename) counts its fields once each: the schema is fixed and small.
    if (selection.name.value.startsWith('__')) {
      total += 1 + fieldCount(selection.selectionSet, fragments, depth + 1);
      continue;
    }
    const field = type.getFields()[selection.name.value];
    if (!field) {
      total += 1;
      continue;
    }
    const inner = costOf(schema, getNamedType(field.type), selection.selectionSet, fragments, depth + 1);
    let items = 1;
    if (isList(field.type) && selection.selectionSet) {
      // `first` as written, else its default (a variable counts as the default too).
      const first = selection.arguments?.find((a) => a.name.value === 'first');
      const fallback = field.args.find((a) => a.name === 'first')?.defaultValue;
      items = first?.value.kind === Kind.INT ? Math.max(1, Number(first.value.value)) : typeof fallback === 'number' ? fallback : META_LIST_ITEMS;
    }
    total += 1 + items * inner;
  }
  return total;
}

function fieldCount(set: SelectionSetNode | undefined, fragments: Map<string, FragmentDefinitionNode>, depth: number): number {
  if (!set || depth > 30) return 0;
  let total = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) total += 1 + fieldCount(selection.selectionSet, fragments, depth + 1);
    else if (selection.kind === Kind.INLINE_FRAGMENT) total += fieldCount(selection.selectionSet, fragments, depth + 1);
    else total += fieldCount(fragments.get(selection.name.value)?.selectionSet, fragments, depth + 1);
  }
  return total;
}
