// The page's first script (plain JavaScript, served as is): it asks for what the first screen
// needs — who is signed in, the metadata and, on a list page, its saved views and (showing all
// records) the list's first page — while the app's code is still downloading and starting. The
// app takes each answer once from `__atriumBoot` (src/app/api/boot-prefetch.ts, which keeps the
// list URLs in step with this one).
(() => {
  if (!globalThis.__atriumBoot) globalThis.__atriumBoot = new Map();
  const started = globalThis.__atriumBoot;
  if (started.size > 0 || typeof fetch !== 'function') return;
  const get = (url) => started.set(url, fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } }));
  get('/api/v1/auth/me');
  // The rest only when this browser was signed in last time (the session cookie itself is httpOnly).
  let signedIn = false;
  try {
    signedIn = localStorage.getItem('atrium.signedIn') === '1';
  } catch {}
  if (!signedIn) return;
  get('/api/v1/meta');
  const list = /^\/app\/([a-zA-Z][a-zA-Z0-9]*)\/?$/.exec(location.pathname);
  if (!list) return;
  get(`/api/v1/views?object=${encodeURIComponent(list[1])}`);
  // A saved view (`?view=`) asks for its own first page once its definition is known.
  if (!new URLSearchParams(location.search).has('view')) get(`/api/v1/data/${encodeURIComponent(list[1])}?limit=50&count=true`);
})();
