import { type ASTVisitor, type FieldNode, GraphQLError, Kind, type SelectionSetNode, type ValidationContext } from 'graphql';

const DEFAULT_PAGE = 50;

/**
 * Refuses queries whose estimated cost exceeds `limit`: every field costs 1, and the fields under
 * a list (a connection with `first`/`last`) count once per record it may return.
 */
export function complexityRule(limit: number) {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(node) {
      const fragments = Object.fromEntries(
        context
          .getDocument()
          .definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION)
          .map((d) => [d.name.value, d]),
      );
      const cost = costOf(node.selectionSet, fragments, 0);
      if (cost > limit) {
        context.reportError(
          new GraphQLError(`the query is too complex (estimated cost ${cost}, limit ${limit}); ask for fewer fields or smaller pages`, {
            nodes: [node],
            extensions: { code: 'QUERY_TOO_COMPLEX' },
          }),
        );
      }
    },
  });
}

function costOf(set: SelectionSetNode | undefined, fragments: Record<string, { selectionSet: SelectionSetNode }>, depth: number): number {
  if (!set || depth > 20) return 0;
  let total = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) total += fieldCost(selection, fragments, depth);
    else if (selection.kind === Kind.INLINE_FRAGMENT) total += costOf(selection.selectionSet, fragments, depth + 1);
    else {
      const fragment = fragments[selection.name.value];
      if (fragment) total += costOf(fragment.selectionSet, fragments, depth + 1);
    }
  }
  return total;
}

function fieldCost(field: FieldNode, fragments: Record<string, { selectionSet: SelectionSetNode }>, depth: number): number {
  const page = field.arguments?.find((a) => a.name.value === 'first' || a.name.value === 'last');
  const connection = field.selectionSet?.selections.some((s) => s.kind === Kind.FIELD && (s.name.value === 'edges' || s.name.value === 'nodes'));
  const isList = connection || field.arguments?.some((a) => ['first', 'last', 'filter', 'orderBy', 'inputs'].includes(a.name.value));
  let multiplier = 1;
  if (page?.value.kind === Kind.INT) multiplier = Math.max(1, Number(page.value.value));
  else if (isList && field.selectionSet) multiplier = DEFAULT_PAGE;
  return 1 + multiplier * costOf(field.selectionSet, fragments, depth + 1);
}
