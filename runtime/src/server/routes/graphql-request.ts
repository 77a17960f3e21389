import { AtriumError } from '@atrium/errors';
import { Kind, type OperationDefinitionNode, parse } from 'graphql';

/** A GraphQL request as both GraphQL endpoints take it, checked. */
export interface GraphqlRequest {
  query: string;
  variables: Record<string, unknown> | undefined;
  operationName: string | undefined;
}

/** A POST body (or GET parameters, parsed) checked for shape: BAD_REQUEST otherwise. */
export function graphqlRequestOf(body: { query?: unknown; variables?: unknown; operationName?: unknown }): GraphqlRequest {
  if (typeof body.query !== 'string' || body.query.trim() === '') throw new AtriumError('BAD_REQUEST', 'a GraphQL request has a "query" string');
  if (body.query.length > 100_000) throw new AtriumError('BAD_REQUEST', 'the query is longer than 100,000 characters');
  const variables = body.variables ?? undefined;
  if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables)))
    throw new AtriumError('BAD_REQUEST', '"variables" is an object');
  if (body.operationName !== undefined && body.operationName !== null && typeof body.operationName !== 'string')
    throw new AtriumError('BAD_REQUEST', '"operationName" is a string');
  return {
    query: body.query,
    variables: (variables ?? undefined) as Record<string, unknown> | undefined,
    operationName: (body.operationName ?? undefined) as string | undefined,
  };
}

/** `GET /graphql?query=…&variables=…&operationName=…`: a query only (BAD_REQUEST for a mutation). */
export function graphqlGetRequestOf(parameters: Record<string, string | undefined>): GraphqlRequest {
  const request = graphqlRequestOf({
    query: parameters.query,
    variables: parameters.variables ? parseJson(parameters.variables) : undefined,
    operationName: parameters.operationName,
  });
  if (runsMutation(request.query, request.operationName)) throw new AtriumError('BAD_REQUEST', 'mutations are sent with POST');
  return request;
}

/**
 * Whether a document would run a mutation (or subscription) for this operation name. GET requests
 * need no CSRF token, so a mutation must never run over GET, however the document starts
 * (`# comment\nmutation …`, `query A {…} mutation B {…}` with `operationName=B`). A document that
 * does not parse or names no runnable operation runs nothing; the executor says why.
 */
export function runsMutation(query: string, operationName: string | undefined): boolean {
  let operations: OperationDefinitionNode[];
  try {
    operations = parse(query, { maxTokens: 20_000 }).definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  } catch {
    return false;
  }
  const chosen = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  return chosen !== undefined && chosen.operation !== 'query';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new AtriumError('BAD_REQUEST', '"variables" is not valid JSON');
  }
}
