// Renders a tenant's OpenAPI document as a reference: objects, fields, endpoints, filters.
import { h, richText } from './api-key.js';

const METHODS = ['get', 'post', 'patch', 'put', 'delete'];

function refName(schema) {
  const ref = schema?.$ref ?? schema?.allOf?.[0]?.$ref;
  return typeof ref === 'string' ? ref.slice(ref.lastIndexOf('/') + 1) : undefined;
}

function anchor(kind, name) {
  return `${kind}-${String(name).replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/** A field's type as a reader wants it: `picklist (a, b)`, `lookup → account`, `currency`. */
export function typeLabel(property) {
  const atrium = property?.['x-atrium'] ?? {};
  if (atrium.system) return property.format === 'date-time' ? 'system · date-time' : property.type === 'integer' ? 'system · integer' : 'system · id';
  if (atrium.relation) return `${atrium.relation === 'toMany' ? 'related list' : 'many-to-many'} → ${atrium.targetApiName}`;
  const type = atrium.type ?? (Array.isArray(property?.type) ? property.type.filter((t) => t !== 'null').join(' | ') : property?.type) ?? 'any';
  if (atrium.targetApiName) return `${type} → ${atrium.targetApiName}`;
  const values = property?.enum ?? property?.items?.enum;
  if (Array.isArray(values)) {
    const shown = values.filter((v) => v !== null);
    return `${type} (${shown.slice(0, 8).join(', ')}${shown.length > 8 ? ', …' : ''})`;
  }
  return type;
}

/** The operators a field's filter takes, from the object's `…Conditions` schema. */
export function filterSummary(spec, conditions, field) {
  const schemas = spec.components.schemas;
  const property = conditions?.properties?.[field];
  if (!property) return '—';
  const name = refName(property);
  if (Array.isArray(property.anyOf)) {
    const [ids, target] = property.anyOf;
    return `${Object.keys(ids?.properties ?? {}).join(', ')}; or conditions on the ${refName(target)?.replace(/Conditions$/, '') ?? 'target'}`;
  }
  const schema = name ? schemas[name] : property;
  const operators = Object.keys(schema?.properties ?? {});
  return operators.length ? operators.join(', ') : '—';
}

function endpointsOf(spec, tag) {
  const rows = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation?.tags?.includes(tag)) rows.push({ method, path, operation });
    }
  }
  return rows;
}

function endpointList(rows) {
  return h(
    'ul',
    { class: 'endpoints' },
    rows.map(({ method, path, operation }) =>
      h(
        'li',
        {},
        h('span', { class: `method ${method}` }, method.toUpperCase()),
        ' ',
        h('code', {}, path),
        ' ',
        h('span', { class: 'summary' }, operation.summary ?? ''),
        operation.description ? h('div', { class: 'hint' }, richText(operation.description)) : null,
      ),
    ),
  );
}

function descriptionBlock(text) {
  const blocks = [];
  let list = null;
  for (const line of String(text ?? '').split('\n')) {
    if (line.startsWith('- ')) {
      list ??= h('ul');
      list.append(h('li', {}, richText(line.slice(2))));
      continue;
    }
    if (list) blocks.push(list);
    list = null;
    if (line.trim()) blocks.push(h('p', {}, richText(line)));
  }
  if (list) blocks.push(list);
  return blocks;
}

function filterSection(spec) {
  const schemas = spec.components.schemas;
  const shared = Object.keys(schemas).filter((name) => /^[A-Z][A-Za-z]*Filter$/.test(name) && schemas[name]?.description?.startsWith('Operators on a field'));
  const operatorRows = [];
  const seen = new Set();
  for (const name of shared) {
    for (const [operator, schema] of Object.entries(schemas[name].properties ?? {})) {
      if (seen.has(operator) || !schema.description || schema.$ref) continue;
      seen.add(operator);
      operatorRows.push(h('tr', {}, h('td', {}, h('code', {}, operator)), h('td', {}, schema.description)));
    }
  }
  const examples = [
    ['Every condition in one object must hold', '{"stage": {"in": ["proposal", "negotiation"]}, "amount": {"gte": 1000}}'],
    ['and / or / not', '{"or": [{"name": {"contains": "acme"}}, {"not": {"closeDate": {"relative": "thisQuarter"}}}]}'],
    ['Through a lookup: its id, or conditions on the record it points to', '{"account": {"isNull": false}}'],
    ['Over related lists: some, every, none', '{"opportunities": {"some": {"stage": {"eq": "closedWon"}}}}'],
    ['Currency and address parts', '{"amount": {"gte": 500, "currency": {"eq": "EUR"}}, "billingAddress": {"city": {"eq": "Berlin"}}}'],
  ];
  return h(
    'section',
    { id: 'filters' },
    h('h2', {}, 'Filters'),
    h(
      'p',
      {},
      richText(
        'Lists take `filter`: JSON, the same grammar as the GraphQL `filter` argument. URL-encode it: `GET /api/v1/data/opportunity?filter=%7B%22amount%22%3A%7B%22gte%22%3A1000%7D%7D`. Each object has a `…Filter` schema listing the fields and operators it takes (below, per object).',
      ),
    ),
    h(
      'dl',
      { class: 'examples' },
      examples.map(([title, json]) => [h('dt', {}, title), h('dd', {}, h('pre', {}, json))]),
    ),
    h('h3', {}, 'Operators'),
    h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'operator'), h('th', {}, 'meaning'))), h('tbody', {}, operatorRows)),
    h(
      'p',
      { class: 'hint' },
      richText(
        '`in`, `notIn`, `containsAny` and `containsAll` take lists; `between` takes `[from, to]`; `relative` takes a named range such as `thisWeek`, `lastMonth`, `next30Days`.',
      ),
    ),
  );
}

function objectSection(spec, tag) {
  const schemas = spec.components.schemas;
  const info = tag['x-atrium'] ?? {};
  const record = schemas[info.schema] ?? { properties: {} };
  const input = schemas[`${info.schema}Input`] ?? { properties: {} };
  const filter = schemas[info.filter];
  const conditions = schemas[refName(filter)];
  const required = new Set(input.required ?? []);
  const rows = Object.entries(record.properties ?? {}).map(([name, property]) => {
    const readOnly = property.readOnly === true || !(name in (input.properties ?? {}));
    const flags = [required.has(name) ? 'required' : null, readOnly ? 'read-only' : null].filter(Boolean).join(', ');
    return h(
      'tr',
      {},
      h('td', {}, h('code', {}, name)),
      h('td', {}, typeLabel(property.anyOf ? { ...property.anyOf[0], ...property } : property)),
      h('td', { class: 'flags' }, flags),
      h('td', {}, property.title && property.title !== name ? `${property.title}. ` : '', property.description ? richText(property.description) : ''),
      h('td', { class: 'ops' }, filterSummary(spec, conditions, name)),
    );
  });
  const example = filter?.examples?.[0];
  return h(
    'section',
    { id: anchor('object', tag.name), class: 'object' },
    h('h2', {}, info.label ?? tag.name, ' ', h('code', { class: 'api-name' }, tag.name)),
    tag.description ? h('p', {}, richText(tag.description)) : null,
    h('h3', {}, 'Endpoints'),
    endpointList(endpointsOf(spec, tag.name)),
    h('h3', {}, 'Fields'),
    h(
      'table',
      { class: 'fields' },
      h('thead', {}, h('tr', {}, h('th', {}, 'field'), h('th', {}, 'type'), h('th', {}, ''), h('th', {}, 'description'), h('th', {}, 'filter operators'))),
      h('tbody', {}, rows),
    ),
    example ? [h('h3', {}, 'Filter example'), h('pre', {}, JSON.stringify(example, null, 2))] : null,
    h(
      'p',
      { class: 'hint' },
      richText(`Schemas: \`${info.schema}\`, \`${info.schema}Input\`, \`${info.schema}UpdateInput\`, \`${info.schema}List\`, \`${info.filter}\`.`),
    ),
  );
}

/** Renders the document into the contents (`toc`) and main (`content`) elements. */
export function renderReference(spec, { toc, content }) {
  const objectTags = spec.tags.filter((tag) => tag['x-atrium']?.schema);
  const otherTags = spec.tags.filter((tag) => !tag['x-atrium']?.schema);
  toc.replaceChildren(
    h(
      'ul',
      {},
      h('li', {}, h('a', { href: '#overview' }, 'Overview')),
      h('li', {}, h('a', { href: '#filters' }, 'Filters')),
      h('li', { class: 'group' }, 'Objects'),
      objectTags.map((tag) => h('li', {}, h('a', { href: `#${anchor('object', tag.name)}` }, tag['x-atrium'].label ?? tag.name))),
      h('li', { class: 'group' }, 'More'),
      otherTags.map((tag) => h('li', {}, h('a', { href: `#${anchor('tag', tag.name)}` }, tag.name))),
      h('li', {}, h('a', { href: '/api/v1/openapi.json', id: 'download' }, 'openapi.json')),
    ),
  );
  const sections = [
    h(
      'section',
      { id: 'overview' },
      h('h1', {}, spec.info.title),
      h('p', { class: 'hint' }, `OpenAPI ${spec.openapi} · metadata version ${spec.info.version}`),
      descriptionBlock(spec.info.description),
    ),
    filterSection(spec),
    objectTags.map((tag) => objectSection(spec, tag)),
    otherTags.map((tag) =>
      h(
        'section',
        { id: anchor('tag', tag.name) },
        h('h2', {}, tag.name),
        tag.description ? h('p', {}, richText(tag.description)) : null,
        endpointList(endpointsOf(spec, tag.name)),
      ),
    ),
  ];
  content.replaceChildren(...sections.flat());
}
