import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** Only this origin: no CDN, no inline code (the pages work offline and under a strict policy). */
export const PAGES_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

/** The pages and their assets (served from memory; read once at start). */
const PAGES: Record<string, string> = { '/docs/api': 'api-reference.html', '/graphql/console': 'graphql-console.html' };
export const PAGE_ASSETS = ['pages.css', 'api-key.js', 'api-reference.js', 'api-reference-render.js', 'graphql-console.js', 'graphql-schema.js'] as const;
export const ASSET_PREFIX = '/docs/assets/';

function load(name: string): { body: string; type: string } {
  const extension = name.slice(name.lastIndexOf('.') + 1);
  const type = CONTENT_TYPES[extension];
  if (!type) throw new Error(`no content type for ${name}`);
  return { body: readFileSync(new URL(`./${name}`, import.meta.url), 'utf8'), type };
}

function send(reply: FastifyReply, file: { body: string; type: string }): FastifyReply {
  return reply
    .type(file.type)
    .header('content-security-policy', PAGES_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-cache')
    .send(file.body);
}

/**
 * Local pages, served without authentication (DESIGN.md §5): the API reference
 * (`/docs/api`, rendering the tenant's OpenAPI document) and a GraphQL console
 * (`/graphql/console`). Each page asks for an API key and keeps it in session storage.
 */
export function registerPages(app: FastifyInstance): void {
  for (const [path, name] of Object.entries(PAGES)) {
    const page = load(name);
    app.get(path, async (_request, reply) => send(reply, page));
  }
  for (const name of PAGE_ASSETS) {
    const asset = load(name);
    app.get(`${ASSET_PREFIX}${name}`, async (_request, reply) => send(reply, asset));
  }
}
