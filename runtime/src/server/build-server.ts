import type { Database } from '@atrium/platform';
import Fastify, { type FastifyInstance } from 'fastify';
import { appShell } from './app-shell.ts';
import { registerErrorHandler } from './error-handler.ts';

export interface ServerOptions {
  database: Database;
  /** Body size limit for requests, in bytes. */
  bodyLimit?: number;
}

/** The Atrium HTTP server: health, the web app's shell, and (per tenant) the generated APIs. */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: process.env.LOG_LEVEL ?? 'warn', stream: process.stderr },
    bodyLimit: options.bodyLimit ?? 1_048_576,
    requestIdHeader: 'x-request-id',
  });
  registerErrorHandler(app);
  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(appShell()));
  return app;
}
