/**
 * Requests the first screen needs, started by `public/boot.js` (the page's first script) while
 * the app's code is still downloading: who is signed in, the tenant's metadata and — on a list
 * page — its saved views and (showing all records) the list's first page. The app's fetch takes
 * each answer once (`takePrefetched`); later requests go to the network as usual. The requests
 * run side by side, early, instead of one after the other once the app has started.
 */
// Shared through the page's global object: `boot.ts` (its own tiny entry, run first) fills it,
// the app (another entry) reads it.
const shared = globalThis as { __atriumBoot?: Map<string, Promise<Response>> };
if (!shared.__atriumBoot) shared.__atriumBoot = new Map();
const started: Map<string, Promise<Response>> = shared.__atriumBoot;

/** The list URL the list view asks for first (no filter, no sort): keep in step with useRecordList and public/boot.js. */
export function firstListUrl(object: string): string {
  return `/api/v1/data/${encodeURIComponent(object)}?limit=50&count=true`;
}

export function startBootPrefetch(location: Location = globalThis.location): void {
  if (typeof fetch !== 'function' || started.size > 0) return;
  const get = (url: string) => started.set(url, fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } }));
  get('/api/v1/auth/me');
  get('/api/v1/meta');
  const list = /^\/app\/([a-zA-Z][a-zA-Z0-9]*)\/?$/.exec(location.pathname);
  if (!list?.[1]) return;
  get(`/api/v1/views?object=${encodeURIComponent(list[1])}`);
  if (!new URLSearchParams(location.search).has('view')) get(firstListUrl(list[1]));
}

/** The prefetched answer of a GET to this URL, once. */
export function takePrefetched(url: string): Promise<Response> | undefined {
  const answer = started.get(url);
  if (answer) started.delete(url);
  return answer;
}

/** Drops what was not used (a sign-in changes who asks). */
export function clearPrefetched(): void {
  started.clear();
}
