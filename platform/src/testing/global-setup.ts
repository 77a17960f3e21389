/**
 * vitest global setup: one fresh database for the whole run, on the machine's PostgreSQL
 * (ATRIUM_TEST_DATABASE_URL, else 127.0.0.1:5432 as `postgres`) or, when none answers, on an
 * embedded PostgreSQL in a temporary ATRIUM_HOME. Tests reach it through `inject('databaseUrl')`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../database/database.ts';
import { startOrJoinEmbedded } from '../database/embedded/embedded-postgres.ts';
import { migrateDatabase } from '../migrations/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => {});
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let serverUrl = process.env.ATRIUM_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  let release = async () => {};
  if (!(await reachable(serverUrl))) {
    const home = mkdtempSync(join(tmpdir(), 'atrium-test-'));
    const embedded = await startOrJoinEmbedded(home);
    serverUrl = embedded.url;
    release = async () => {
      await embedded.release();
      rmSync(home, { recursive: true, force: true });
    };
    process.stderr.write(`tests: no PostgreSQL at 127.0.0.1:5432, using an embedded one in ${home}\n`);
  }
  const name = `atrium_test_${Date.now().toString(36)}_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl, application_name: 'atrium-test-setup' });
  await admin.connect();
  await admin.query(`create database "${name}" encoding 'UTF8' template template0`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), applicationName: 'atrium-test-setup' });
  await migrateDatabase(database.db, database.pool);
  await database.close();
  project.provide('databaseUrl', url.toString());
  return async () => {
    if (!process.env.ATRIUM_TEST_KEEP_DATABASE) await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.end();
    await release();
  };
}
