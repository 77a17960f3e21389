import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Database, openDatabase } from '@atrium/platform';
import { buildServer, createCredentialCache, TenantRegistry } from '@atrium/runtime';
import type { FastifyInstance } from 'fastify';
import { DESIGNER_DIST, designerBuildNeeded } from '../../../runtime/src/server/static-app.ts';

/** The real Atrium server on a free port of 127.0.0.1, serving the production build of the web app. */
export interface E2eServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  database: Database;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** Refuses to start without the web app's production build: the journeys would test the fallback page. */
export function requireWebAppBuild(): void {
  if (!existsSync(join(DESIGNER_DIST, 'index.html'))) {
    throw new Error(
      `the web app is not built (no ${join(DESIGNER_DIST, 'index.html')}): the browser tests drive the production build. ` +
        'Run `pnpm --filter @atrium/designer build` first.',
    );
  }
  const stale = designerBuildNeeded();
  if (stale) process.stderr.write(`e2e: warning: ${stale}; the journeys run against the build as it is (rebuild: pnpm --filter @atrium/designer build)\n`);
}

/** Starts the server the way `atrium start` does (without the demo tenant and the job runner) on the given database. */
export async function startE2eServer(databaseUrl: string): Promise<E2eServer> {
  requireWebAppBuild();
  const database = await openDatabase({ databaseUrl, applicationName: 'atrium-e2e', maxConnections: 10 });
  const credentials = await createCredentialCache({ db: database.db, pool: database.pool });
  const registry = new TenantRegistry({ database });
  await registry.listen();
  const app = await buildServer({ database, registry, credentials });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address !== 'object') throw new Error('the server did not report its port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    database,
    app,
    async close() {
      await app.close();
      await registry.close();
      await credentials.close();
      await database.close();
    },
  };
}
