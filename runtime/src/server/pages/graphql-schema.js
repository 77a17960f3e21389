// Schema-aware help for the GraphQL console: an introspection query and query templates built from it.

export const INTROSPECTION_QUERY = `query AtriumConsoleSchema {
  __schema {
    queryType { name }
    mutationType { name }
    types {
      name
      kind
      description
      fields { name description args { name type { ...TypeRef } } type { ...TypeRef } }
      inputFields { name type { ...TypeRef } }
    }
  }
}
fragment TypeRef on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }`;

/** `[Opportunity!]!` from a type reference. */
export function typeName(ref) {
  if (!ref) return '';
  if (ref.kind === 'NON_NULL') return `${typeName(ref.ofType)}!`;
  if (ref.kind === 'LIST') return `[${typeName(ref.ofType)}]`;
  return ref.name;
}

/** The named type under NON_NULL / LIST wrappers. */
export function namedType(ref) {
  let current = ref;
  while (current && (current.kind === 'NON_NULL' || current.kind === 'LIST')) current = current.ofType;
  return current;
}

const NESTED = new Set(['edges', 'node', 'nodes', 'pageInfo']);
const COMPOSITES = new Set(['Currency', 'Address', 'User']);

/** A selection set of a type's scalar fields (and connection plumbing, currency, address), a few levels deep. */
export function selectionOf(types, name, depth = 0, indent = '  ') {
  const type = types.get(name);
  if (!type?.fields) return '';
  const lines = [];
  for (const field of type.fields) {
    if (field.args?.some((arg) => arg.type.kind === 'NON_NULL')) continue;
    const target = namedType(field.type);
    if (target.kind === 'SCALAR' || target.kind === 'ENUM') {
      if (name.endsWith('Connection') && field.name !== 'totalCount') continue;
      lines.push(`${indent}${field.name}`);
    } else if (target.kind === 'OBJECT' && depth < 3 && (NESTED.has(field.name) || COMPOSITES.has(target.name))) {
      if (field.name === 'nodes') continue;
      const inner = selectionOf(types, target.name, depth + 1, `${indent}  `);
      if (inner) lines.push(`${indent}${field.name} {\n${inner}\n${indent}}`);
    }
  }
  return lines.join('\n');
}

function placeholder(ref) {
  const target = namedType(ref);
  if (ref.kind === 'NON_NULL' && ref.ofType.kind === 'LIST') return [];
  if (target.kind === 'INPUT_OBJECT') return {};
  if (target.name === 'Int' || target.name === 'Float') return 0;
  if (target.name === 'Boolean') return false;
  return '';
}

/** An operation calling one root field, with its required arguments as variables. */
export function templateFor(types, operation, field) {
  const required = field.args.filter((arg) => arg.type.kind === 'NON_NULL');
  const declarations = required.map((arg) => `$${arg.name}: ${typeName(arg.type)}`);
  const variables = Object.fromEntries(required.map((arg) => [arg.name, placeholder(arg.type)]));
  const args = required.map((arg) => `${arg.name}: $${arg.name}`);
  if (field.args.some((arg) => arg.name === 'first') && !required.some((arg) => arg.name === 'first')) args.push('first: 20');
  const target = namedType(field.type);
  const selection = target.kind === 'OBJECT' ? selectionOf(types, target.name, 0, '    ') : '';
  const name = `${field.name.charAt(0).toUpperCase()}${field.name.slice(1)}`;
  const head = `${operation} ${name}${declarations.length ? `(${declarations.join(', ')})` : ''}`;
  const call = `${field.name}${args.length ? `(${args.join(', ')})` : ''}`;
  const query = `${head} {\n  ${call}${selection ? ` {\n${selection}\n  }` : ''}\n}\n`;
  return { query, variables: required.length ? JSON.stringify(variables, null, 2) : '', operationName: name };
}

/** Root fields by operation from an introspection result. */
export function rootFields(schema) {
  const types = new Map(schema.types.map((type) => [type.name, type]));
  const roots = [];
  for (const [operation, root] of [
    ['query', schema.queryType],
    ['mutation', schema.mutationType],
  ]) {
    const type = root ? types.get(root.name) : undefined;
    for (const field of type?.fields ?? []) roots.push({ operation, field });
  }
  return { types, roots };
}
