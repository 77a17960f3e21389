import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { applyMetadataChange, createApiKey, createTenant, type Database, findTenant } from '@atrium/platform';
import { accountObject, openTestDatabase, uniqueTenantKey } from '@atrium/platform/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** A second Atrium server process on the same database (as a scaled-out deployment runs). */
async function startServerProcess(databaseUrl: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'runtime/src/cli/main.ts', 'start', '--no-demo'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '0', LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the second server did not start: ${stderr}`)), 60_000);
    child.stdout?.on('data', (chunk) => {
      const match = /http:\/\/[^\s]+/.exec(String(chunk));
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    });
    child.on('exit', (code) => reject(new Error(`the second server exited with ${code}: ${stderr}`)));
  });
  return { child, url };
}

let database: Database;
let server: { child: ChildProcess; url: string };

beforeAll(async () => {
  database = await openTestDatabase();
  server = await startServerProcess(inject('databaseUrl'));
}, 90_000);

afterAll(async () => {
  server?.child.kill('SIGTERM');
  await database?.close();
});

describe('a metadata change seen by a second runtime process', () => {
  it('is served on the next request, without restart and without failed requests meanwhile', async () => {
    const key = uniqueTenantKey('proc');
    await createTenant(database.db, { key });
    await applyMetadataChange(database.db, key, { baseVersion: 0, operations: [{ op: 'createObject', object: accountObject() }] }, 'test');
    const { token } = await createApiKey(database.db, key, { role: 'admin' });
    const gql = async (query: string) => {
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      });
      return {
        status: response.status,
        body: (await response.json()) as { data?: Record<string, unknown>; errors?: Array<{ extensions?: { code?: string } }> },
      };
    };
    expect((await gql('{ accounts { totalCount } }')).body.data).toEqual({ accounts: { totalCount: 0 } });
    expect((await gql('{ accounts { nodes { region } } }')).status).toBe(400);

    // Requests keep flowing while the change lands.
    let failures = 0;
    let running = true;
    const load = (async () => {
      while (running) {
        const out = await gql('{ accounts { totalCount } }');
        if (out.status !== 200 || out.body.errors) failures++;
      }
    })();
    const version = (await findTenant(database.db, key)).metadataVersion;
    const changedAt = Date.now();
    await applyMetadataChange(
      database.db,
      key,
      {
        baseVersion: version,
        operations: [{ op: 'addField', object: 'account', field: { id: 'fld_region', apiName: 'region', type: 'text', label: { en: 'Region' } } }],
      },
      'test',
    );
    let visibleAfter = -1;
    for (let i = 0; i < 200; i++) {
      const out = await gql('{ accounts { nodes { region } } }');
      if (out.status === 200 && !out.body.errors) {
        visibleAfter = Date.now() - changedAt;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    running = false;
    await load;
    expect(visibleAfter).toBeGreaterThanOrEqual(0);
    expect(visibleAfter).toBeLessThan(2000);
    expect(failures).toBe(0);
  });
});
