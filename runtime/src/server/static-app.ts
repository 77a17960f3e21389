import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync, constants as zlibConstants } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { appShell } from './app-shell.ts';

/** The designer package (`designer/`) of this workspace and its production build (`designer/dist`). */
export const DESIGNER_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'designer');
export const DESIGNER_DIST = join(DESIGNER_DIR, 'dist');

/** The placeholder `designer/index.html` carries for the per-response CSP nonce. */
const NONCE_PLACEHOLDER = '__CSP_NONCE__';

/**
 * The web app's Content-Security-Policy: scripts only from this origin (no inline code, no eval:
 * the app validates forms without generating code), styles from this origin plus the runtime
 * styles of the component library, which carry the response's nonce. No CDN anywhere.
 */
export function appCsp(nonce: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.svg', '.json', '.html', '.txt', '.map']);

/** Client-side routes of the app: the server answers them with index.html (the app routes in the browser). */
const APP_ROUTES = ['/app', '/app/*', '/designer', '/designer/*', '/sign-in', '/search'];

interface Asset {
  body: Buffer;
  type: string;
  gzip?: Buffer;
  br?: Buffer;
}

function listFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.push(path);
    }
  };
  walk(root);
  return files;
}

/** The built app's files by URL path, read once into memory (a few MB) and compressed on first use. */
class AppFiles {
  private files = new Map<string, string>();
  private cache = new Map<string, Asset>();
  private scanned = 0;

  constructor(private readonly dist: string) {
    this.scan();
  }

  scan(): void {
    this.scanned = Date.now();
    this.files = new Map(listFiles(this.dist).map((file) => [`/${relative(this.dist, file).split(sep).join('/')}`, file]));
    this.cache.clear();
  }

  get(path: string, rescan = path.startsWith('/assets/')): Asset | undefined {
    let asset = this.cache.get(path);
    if (asset) return asset;
    let file = this.files.get(path);
    // A build made while the server runs brings new names: look again (at most every 2 s).
    if (!file && rescan && Date.now() - this.scanned > 2000) {
      this.scan();
      file = this.files.get(path);
    }
    if (!file) return undefined;
    asset = { body: readFileSync(file), type: TYPES[extname(file)] ?? 'application/octet-stream' };
    // Hashed names never change content; root files (favicon, boot.js) are read each time (a rebuild may change them).
    if (path.startsWith('/assets/')) this.cache.set(path, asset);
    return asset;
  }

  indexHtml(): string {
    return readFileSync(join(this.dist, 'index.html'), 'utf8');
  }
}

function encodings(request: FastifyRequest): { br: boolean; gzip: boolean } {
  const accept = String(request.headers['accept-encoding'] ?? '');
  return { br: /\bbr\b/.test(accept), gzip: /\bgzip\b/.test(accept) };
}

function sendAsset(request: FastifyRequest, reply: FastifyReply, path: string, asset: Asset, cacheControl: string): FastifyReply {
  reply.type(asset.type).header('cache-control', cacheControl).header('x-content-type-options', 'nosniff').header('vary', 'accept-encoding');
  const ext = extname(path);
  if (COMPRESSIBLE.has(ext) && asset.body.length > 1024) {
    const accepted = encodings(request);
    if (accepted.br) {
      asset.br ??= brotliCompressSync(asset.body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } });
      return reply.header('content-encoding', 'br').send(asset.br);
    }
    if (accepted.gzip) {
      asset.gzip ??= gzipSync(asset.body, { level: 6 });
      return reply.header('content-encoding', 'gzip').send(asset.gzip);
    }
  }
  return reply.send(asset.body);
}

/**
 * Serves the web app (designer + workspace) from `designer/dist`, without authentication
 * (DESIGN.md §5: `GET /` is the app's shell): index.html for `/` and the app's client-side routes
 * (`/app/opportunity`, `/designer/objects`...) with a fresh CSP nonce per response and no caching;
 * hashed files under `/assets/` cached for a year (`immutable`); brotli or gzip when accepted.
 * Without a build, `/` serves the minimal shell (`app-shell.ts`).
 */
export function registerStaticApp(app: FastifyInstance, options: { dist?: string } = {}): void {
  const dist = options.dist ?? DESIGNER_DIST;
  if (!existsSync(join(dist, 'index.html'))) {
    app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(appShell()));
    return;
  }
  const files = new AppFiles(dist);

  const page = async (_request: FastifyRequest, reply: FastifyReply) => {
    const nonce = randomBytes(16).toString('base64');
    const html = files.indexHtml().replaceAll(NONCE_PLACEHOLDER, nonce);
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', appCsp(nonce))
      .header('cache-control', 'no-cache, no-store')
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'same-origin')
      .header('x-frame-options', 'DENY')
      .send(html);
  };
  app.get('/', page);
  for (const route of APP_ROUTES) app.get(route, page);

  app.get('/assets/*', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const asset = files.get(decodeURIComponent(path));
    if (!asset) return reply.callNotFound();
    return sendAsset(request, reply, path, asset, 'public, max-age=31536000, immutable');
  });
  // Files at the root of the build (favicon, boot.js): short caching, their names carry no hash.
  // Any other one-segment path is not ours: the usual 404 (routes registered by name win over this one).
  app.get<{ Params: { file: string } }>('/:file', async (request, reply) => {
    const path = `/${request.params.file}`;
    const asset = path === '/index.html' ? undefined : files.get(path, true);
    if (!asset) return reply.callNotFound();
    return sendAsset(request, reply, path, asset, 'no-cache');
  });
}

/** The newest modification time under the given paths (files and folders, recursively). */
function newest(paths: string[]): number {
  let latest = 0;
  for (const path of paths) {
    if (!existsSync(path)) continue;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const file of listFiles(path)) {
        if (file.includes(`${sep}node_modules${sep}`) || /\.test\.tsx?$/.test(file)) continue;
        latest = Math.max(latest, statSync(file).mtimeMs);
      }
    } else latest = Math.max(latest, stat.mtimeMs);
  }
  return latest;
}

/**
 * Why the app needs building, or undefined: no build yet, or sources newer than the build (the
 * app's own, and the packages it bundles).
 */
export function designerBuildNeeded(designer = DESIGNER_DIR): string | undefined {
  const index = join(designer, 'dist', 'index.html');
  if (!existsSync(index)) return 'no build of the web app yet';
  const built = statSync(index).mtimeMs;
  const packages = join(designer, '..', 'packages');
  const sources = [
    join(designer, 'src'),
    join(designer, 'index.html'),
    join(designer, 'vite.config.ts'),
    join(designer, 'public'),
    join(packages, 'metadata', 'src'),
    join(packages, 'client', 'src'),
  ];
  return newest(sources) > built ? 'the web app changed since it was built' : undefined;
}

/**
 * Builds the web app (`vite build` in `designer/`) when `designerBuildNeeded` says so; `pnpm start`
 * runs it while the database starts. Resolves to whether a usable build exists; a failed build
 * is logged and the server goes on with what it has (the previous build, or the minimal shell).
 */
export async function ensureDesignerBuilt(log: (line: string) => void, designer = DESIGNER_DIR): Promise<boolean> {
  const reason = designerBuildNeeded(designer);
  const hasBuild = () => existsSync(join(designer, 'dist', 'index.html'));
  if (!reason) return true;
  const vite = join(designer, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!existsSync(vite)) {
    log(`web app: ${reason}, and vite is not installed (pnpm install); serving ${hasBuild() ? 'the previous build' : 'the minimal page'}`);
    return hasBuild();
  }
  const started = Date.now();
  log(`web app: ${reason}; building it (vite build)`);
  const output: string[] = [];
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
      cwd: designer,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_ENV: 'production' },
    });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.on('error', () => resolve(1));
    child.on('close', (status) => resolve(status ?? 1));
  });
  if (code !== 0) {
    log(
      `web app: the build failed (exit ${code}); serving ${hasBuild() ? 'the previous build' : 'the minimal page'}\n${output.join('').split('\n').slice(-15).join('\n')}`,
    );
    return hasBuild();
  }
  log(`web app: built in ${Date.now() - started} ms`);
  return true;
}
