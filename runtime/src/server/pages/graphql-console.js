import { authorizedFetch, bindKeyForm, currentKey, h } from './api-key.js';
import { INTROSPECTION_QUERY, rootFields, templateFor, typeName } from './graphql-schema.js';

const QUERY_KEY = 'atrium.console.query';
const VARIABLES_KEY = 'atrium.console.variables';
const ENDPOINT_KEY = 'atrium.console.endpoint';
/** The GraphQL endpoints the console talks to: records, and metadata and administration. */
const ENDPOINTS = ['/graphql', '/graphql/meta'];

const query = document.getElementById('query');
const variables = document.getElementById('variables');
const operation = document.getElementById('operation');
const result = document.getElementById('result');
const status = document.getElementById('status');
const schemaList = document.getElementById('schema-list');
const search = document.getElementById('schema-search');
const endpoint = document.getElementById('endpoint');

let schema = { types: new Map(), roots: [] };

function remember(key, value) {
  try {
    sessionStorage.setItem(key, value);
  } catch {
    // Not kept.
  }
}

function recall(key) {
  try {
    return sessionStorage.getItem(key);
  } catch {
    return null;
  }
}

query.value =
  recall(QUERY_KEY) ?? '# Ask for a few records of one of your objects, e.g.\n# query { accounts(first: 5) { totalCount edges { node { id name } } } }\n';
variables.value = recall(VARIABLES_KEY) ?? '';
endpoint.value = ENDPOINTS.includes(recall(ENDPOINT_KEY)) ? recall(ENDPOINT_KEY) : ENDPOINTS[0];
query.addEventListener('input', () => remember(QUERY_KEY, query.value));
variables.addEventListener('input', () => remember(VARIABLES_KEY, variables.value));

async function post(body) {
  const response = await authorizedFetch(endpoint.value, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { response, json };
}

async function run() {
  if (!currentKey()) {
    status.textContent = 'Enter an API key first.';
    return;
  }
  let vars;
  if (variables.value.trim()) {
    try {
      vars = JSON.parse(variables.value);
    } catch (error) {
      status.textContent = `Variables are not valid JSON: ${error.message}`;
      return;
    }
  }
  status.textContent = 'Running…';
  const started = performance.now();
  try {
    const { response, json } = await post({ query: query.value, variables: vars, operationName: operation.value.trim() || undefined });
    const elapsed = Math.round(performance.now() - started);
    result.textContent = typeof json === 'string' ? json : JSON.stringify(json, null, 2);
    result.classList.toggle('failed', !response.ok || Boolean(json?.errors));
    status.textContent = `${response.status} · ${elapsed} ms${json?.errors ? ` · ${json.errors.length} error(s)` : ''}`;
  } catch (error) {
    status.textContent = `The server could not be reached: ${error.message}`;
  }
}

function renderSchema() {
  const needle = search.value.trim().toLowerCase();
  const groups = new Map();
  for (const root of schema.roots) {
    if (needle && !root.field.name.toLowerCase().includes(needle)) continue;
    if (!groups.has(root.operation)) groups.set(root.operation, []);
    groups.get(root.operation).push(root);
  }
  if (schema.roots.length && groups.size === 0) {
    schemaList.replaceChildren(h('p', { class: 'hint' }, 'No field matches.'));
    return;
  }
  schemaList.replaceChildren(
    ...[...groups].map(([name, roots]) =>
      h(
        'details',
        { open: true },
        h('summary', {}, name === 'query' ? 'Queries' : 'Mutations'),
        h(
          'ul',
          { class: 'fields-list' },
          roots.map(({ operation: op, field }) =>
            h(
              'li',
              {},
              h(
                'button',
                {
                  type: 'button',
                  class: 'link',
                  title: field.description ?? '',
                  onclick: () => {
                    const template = templateFor(schema.types, op, field);
                    query.value = template.query;
                    variables.value = template.variables;
                    operation.value = template.operationName;
                    remember(QUERY_KEY, query.value);
                    remember(VARIABLES_KEY, variables.value);
                    query.focus();
                  },
                },
                field.name,
              ),
              h('span', { class: 'hint' }, ` ${typeName(field.type)}`),
            ),
          ),
        ),
      ),
    ),
  );
}

async function loadSchema() {
  if (!currentKey()) {
    schema = { types: new Map(), roots: [] };
    schemaList.replaceChildren(h('p', { class: 'hint' }, 'Enter an API key to load the endpoint’s schema.'));
    return;
  }
  schemaList.replaceChildren(h('p', { class: 'hint' }, 'Loading the schema…'));
  try {
    const { response, json } = await post({ query: INTROSPECTION_QUERY, operationName: 'AtriumConsoleSchema' });
    if (!response.ok || !json?.data) {
      schemaList.replaceChildren(
        h('p', { class: 'error' }, `${response.status}: ${json?.detail ?? json?.errors?.[0]?.message ?? 'the schema could not be loaded'}`),
      );
      return;
    }
    schema = rootFields(json.data.__schema);
    renderSchema();
  } catch (error) {
    schemaList.replaceChildren(h('p', { class: 'error' }, `The server could not be reached: ${error.message}`));
  }
}

document.getElementById('run').addEventListener('click', run);
document.getElementById('load-schema').addEventListener('click', loadSchema);
document.getElementById('prettify').addEventListener('click', () => {
  try {
    if (variables.value.trim()) variables.value = JSON.stringify(JSON.parse(variables.value), null, 2);
  } catch (error) {
    status.textContent = `Variables are not valid JSON: ${error.message}`;
  }
});
search.addEventListener('input', renderSchema);
endpoint.addEventListener('change', () => {
  remember(ENDPOINT_KEY, endpoint.value);
  void loadSchema();
});
for (const editor of [query, variables]) {
  editor.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run();
    }
  });
}
bindKeyForm(() => void loadSchema());
