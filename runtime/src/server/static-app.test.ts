import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { registerErrorHandler } from './error-handler.ts';
import { designerBuildNeeded, registerStaticApp } from './static-app.ts';

const root = mkdtempSync(join(tmpdir(), 'atrium-static-'));
const dist = join(root, 'dist');
mkdirSync(join(dist, 'assets'), { recursive: true });
writeFileSync(
  join(dist, 'index.html'),
  '<!doctype html><meta name="csp-nonce" content="__CSP_NONCE__"><script type="module" src="/assets/index-abc123.js"></script>',
);
writeFileSync(join(dist, 'assets', 'index-abc123.js'), `console.log(${JSON.stringify('x'.repeat(5000))});`);
writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');

async function server(distDir = dist) {
  const app = Fastify();
  registerErrorHandler(app);
  registerStaticApp(app, { dist: distDir });
  app.get('/health', async () => ({ status: 'ok' }));
  await app.ready();
  return app;
}

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the web app served by the runtime', () => {
  it('serves index.html at / and at client-side routes, with a fresh nonce in the page and the CSP', async () => {
    const app = await server();
    const nonces = new Set<string>();
    for (const url of ['/', '/app/opportunity', '/app/opportunity/0190a0a0-0000-7000-8000-000000000001', '/designer/objects', '/sign-in', '/search?q=acme']) {
      const answer = await app.inject({ url });
      expect(answer.statusCode).toBe(200);
      expect(answer.headers['content-type']).toContain('text/html');
      expect(answer.headers['cache-control']).toContain('no-cache');
      const csp = String(answer.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-eval');
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      const nonce = /content="([^"]+)"/.exec(answer.body)?.[1] ?? '';
      expect(nonce).not.toBe('__CSP_NONCE__');
      expect(csp).toContain(`style-src 'self' 'nonce-${nonce}'`);
      nonces.add(nonce);
    }
    expect(nonces.size).toBe(6);
    await app.close();
  });

  it('caches hashed assets for a year, compressed when the browser accepts it', async () => {
    const app = await server();
    const plain = await app.inject({ url: '/assets/index-abc123.js' });
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.headers['content-type']).toContain('text/javascript');
    const br = await app.inject({ url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(plain.body);
    expect((await app.inject({ url: '/favicon.svg' })).headers['content-type']).toBe('image/svg+xml');
    await app.close();
  });

  it('answers unknown paths with the API’s 404, never index.html', async () => {
    const app = await server();
    for (const url of ['/assets/missing.js', '/nope', '/api/v1/nope', '/index.html']) {
      const answer = await app.inject({ url });
      expect(answer.statusCode, url).toBe(404);
      expect(answer.headers['content-type']).toContain('application/problem+json');
    }
    expect((await app.inject({ url: '/health' })).json()).toEqual({ status: 'ok' });
    await app.close();
  });

  it('serves the minimal page when the app is not built', async () => {
    const app = await server(join(root, 'missing'));
    const answer = await app.inject({ url: '/' });
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toContain('The web app is not built');
    await app.close();
  });

  it('knows when the app needs building: no build, or sources newer than it', () => {
    const designer = join(root, 'designer');
    mkdirSync(join(designer, 'src'), { recursive: true });
    writeFileSync(join(designer, 'src', 'main.tsx'), '');
    expect(designerBuildNeeded(designer)).toMatch(/no build/);
    mkdirSync(join(designer, 'dist'));
    writeFileSync(join(designer, 'dist', 'index.html'), '');
    const past = new Date(Date.now() - 60_000);
    utimesSync(join(designer, 'src', 'main.tsx'), past, past);
    expect(designerBuildNeeded(designer)).toBeUndefined();
    writeFileSync(join(designer, 'src', 'main.tsx'), 'changed');
    expect(designerBuildNeeded(designer)).toMatch(/changed/);
  });
});
