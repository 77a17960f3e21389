// The API key a page uses: kept in this tab's session storage, never sent anywhere but this server.
const STORAGE_KEY = 'atrium.apiKey';

export function currentKey() {
  try {
    return sessionStorage.getItem(STORAGE_KEY) ?? '';
  } catch {
    return '';
  }
}

function storeKey(key) {
  try {
    if (key) sessionStorage.setItem(STORAGE_KEY, key);
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage disabled: the key lasts as long as the page.
  }
}

/** Wires the header's key form; `onChange(key)` runs now (when a key is stored) and on every change. */
export function bindKeyForm(onChange) {
  const form = document.getElementById('key-form');
  const input = document.getElementById('api-key');
  const forget = document.getElementById('forget-key');
  input.value = currentKey();
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    storeKey(input.value.trim());
    onChange(currentKey());
  });
  forget.addEventListener('click', () => {
    input.value = '';
    storeKey('');
    onChange('');
  });
  if (currentKey()) onChange(currentKey());
}

/** `fetch` with the key as a bearer token. */
export function authorizedFetch(url, init = {}) {
  const headers = new Headers(init.headers ?? {});
  const key = currentKey();
  if (key) headers.set('authorization', `Bearer ${key}`);
  return fetch(url, { ...init, headers });
}

/** An element with attributes and children (strings become text: nothing is parsed as HTML). */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** Text with `code spans` as <code> elements. */
export function richText(text) {
  return String(text)
    .split(/(`[^`]+`)/)
    .filter(Boolean)
    .map((part) => (part.startsWith('`') && part.endsWith('`') ? h('code', {}, part.slice(1, -1)) : part));
}
