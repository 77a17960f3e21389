import { openPlatform, scheduleAuditPurges, startJobRunner } from '@atrium/platform';
import { createCredentialCache } from '../../auth/credential-cache.ts';
import { buildServer } from '../../server/build-server.ts';
import { ensureDesignerBuilt } from '../../server/static-app.ts';
import { TenantRegistry } from '../../tenancy/tenant-registry.ts';
import { logLine, UsageError } from '../cli-io.ts';
import { ensureDemoTenant } from '../demo-tenant.ts';
import { parseOptions } from './parse-options.ts';

/** `atrium start` (`pnpm start`): the server on PORT (default 3000) with the demo tenant. */
export async function startCommand(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { 'no-demo': { type: 'boolean' }, host: { type: 'string' } });
  const port = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`PORT must be a port number, not "${process.env.PORT}"`);
  const host = values.host ?? process.env.HOST ?? '127.0.0.1';
  const started = Date.now();
  // The web app builds (when missing or stale) while the database starts; both finish before listening.
  const webApp = ensureDesignerBuilt(logLine);
  const database = await openPlatform({ applicationName: 'atrium-server', maxConnections: 20, log: logLine });
  logLine(`database: ${database.embedded ? 'embedded PostgreSQL' : 'DATABASE_URL'}`);
  const demo = values['no-demo'] ? undefined : await ensureDemoTenant(database, logLine);
  await scheduleAuditPurges(database.db);
  const runner = await startJobRunner({ db: database.db, pool: database.pool, log: logLine });
  const credentials = await createCredentialCache({ db: database.db, pool: database.pool, log: logLine });
  const registry = new TenantRegistry({ database, log: logLine });
  await registry.listen();
  await webApp;
  const app = await buildServer({ database, registry, credentials });
  await app.listen({ port, host });
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const url = `http://${host === '0.0.0.0' ? 'localhost' : host}:${actualPort}`;
  logLine(`Atrium is running at ${url} (ready in ${Date.now() - started} ms)${demo ? `; demo tenant "${demo}"` : ''}`);
  process.stdout.write(`${url}\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logLine(`${signal}: stopping Atrium`);
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    await app.close().catch(() => {});
    await registry.close().catch(() => {});
    await credentials.close().catch(() => {});
    // A job in progress gets a moment to finish; it is retried by the next start otherwise.
    await Promise.race([runner.stop().catch(() => {}), new Promise((resolve) => setTimeout(resolve, 3000))]);
    await database.close().catch((error: Error) => logLine(`stopping the database: ${error.message}`));
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  await new Promise(() => {}); // serve until a signal arrives
  return 0;
}
