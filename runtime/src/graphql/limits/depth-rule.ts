import { type ASTVisitor, type FragmentDefinitionNode, GraphQLError, Kind, type SelectionSetNode, type ValidationContext } from 'graphql';

/**
 * Refuses documents nested deeper than `limit` (mercurius's `queryDepth` counts introspection
 * too, which would refuse the introspection query every GraphQL tool sends). Introspection
 * fields are not counted.
 */
export function depthRule(limit: number) {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(node) {
      const fragments = new Map<string, FragmentDefinitionNode>();
      for (const definition of context.getDocument().definitions)
        if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
      const depth = depthOf(node.selectionSet, fragments, new Set());
      if (depth > limit)
        context.reportError(
          new GraphQLError(`query depth (${depth}) exceeds the query depth limit of ${limit}`, {
            nodes: [node],
            extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
          }),
        );
    },
  });
}

function depthOf(set: SelectionSetNode | undefined, fragments: Map<string, FragmentDefinitionNode>, visiting: Set<string>): number {
  if (!set) return 0;
  let deepest = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith('__')) continue;
      deepest = Math.max(deepest, 1 + depthOf(selection.selectionSet, fragments, visiting));
    } else if (selection.kind === Kind.INLINE_FRAGMENT) deepest = Math.max(deepest, depthOf(selection.selectionSet, fragments, visiting));
    else {
      const name = selection.name.value;
      // A fragment spreading itself is refused by graphql-js's own rules; do not loop meanwhile.
      if (visiting.has(name)) continue;
      visiting.add(name);
      deepest = Math.max(deepest, depthOf(fragments.get(name)?.selectionSet, fragments, visiting));
      visiting.delete(name);
    }
  }
  return deepest;
}
