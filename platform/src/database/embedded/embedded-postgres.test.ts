/**
 * The embedded PostgreSQL (DESIGN.md §4) in a scratch ATRIUM_HOME: one starter among concurrent
 * first starts, UTF-8 / C.UTF-8, scram passwords, a recorded port that is not 5432, a 0600 state
 * file, joining a running server, and "last one out stops it".
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedDatabase, startOrJoinEmbedded } from './embedded-postgres.ts';

let home: string;
const handles: EmbeddedDatabase[] = [];

beforeAll(() => {
  // Under /tmp and world-searchable: as root, PostgreSQL runs as `postgres`, which must reach it.
  home = mkdtempSync('/tmp/atrium-embedded-test-');
  chmodSync(home, 0o755);
});

afterAll(async () => {
  // A failed test must not leave a server running: release every handle (stops it when no one is left).
  for (const handle of handles) await handle.release().catch(() => {});
  rmSync(home, { recursive: true, force: true });
}, 60_000);

const state = () => JSON.parse(readFileSync(join(home, 'postgres', 'server.json'), 'utf8')) as { port: number; password: string };

async function query<T>(config: string | pg.ClientConfig, text: string): Promise<T[]> {
  const client = new pg.Client(typeof config === 'string' ? { connectionString: config } : config);
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('embedded PostgreSQL', () => {
  it('two concurrent first starts on a fresh home run one server', async () => {
    const [a, b] = await Promise.all([startOrJoinEmbedded(home), startOrJoinEmbedded(home)]);
    handles.push(a, b);
    expect([a.started, b.started].sort()).toEqual([false, true]);
    expect(b.url).toBe(a.url);
  });

  it('records its port (never 5432) and a random password in server.json, mode 0600', () => {
    const file = join(home, 'postgres', 'server.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const { port, password } = state();
    expect(Number.isInteger(port) && port > 0).toBe(true);
    expect(port).not.toBe(5432);
    expect(password.length).toBeGreaterThanOrEqual(24);
    const url = new URL(handles[0]?.url ?? '');
    expect(Number(url.port)).toBe(port);
    expect(decodeURIComponent(url.password)).toBe(password);
    expect(url.pathname).toBe('/atrium');
    expect(existsSync(join(home, 'postgres', 'postgres.log'))).toBe(true);
    if (process.getuid?.() === 0) expect(statSync(join(home, 'postgres', 'data')).uid).not.toBe(0); // runs as `postgres`
  });

  it('is UTF-8 with the C.UTF-8 locale and scram password authentication', async () => {
    const url = handles[0]?.url ?? '';
    const [db] = await query<{ encoding: string; collate: string; ctype: string }>(
      url,
      `select pg_encoding_to_char(encoding) as encoding, datcollate as collate, datctype as ctype from pg_database where datname = current_database()`,
    );
    expect(db).toEqual({ encoding: 'UTF8', collate: 'C.UTF-8', ctype: 'C.UTF-8' });
    const [settings] = await query<{ server_encoding: string; password_encryption: string; listen_addresses: string }>(
      url,
      `select current_setting('server_encoding') as server_encoding, current_setting('password_encryption') as password_encryption,
              current_setting('listen_addresses') as listen_addresses`,
    );
    expect(settings).toEqual({ server_encoding: 'UTF8', password_encryption: 'scram-sha-256', listen_addresses: '127.0.0.1' });
    const methods = await query<{ auth_method: string }>(url, 'select distinct auth_method from pg_hba_file_rules');
    expect(methods.map((m) => m.auth_method)).toEqual(['scram-sha-256']);
    // Chinese text and case-insensitive matching work.
    const [text] = await query<{ upper: string; length: number; match: boolean }>(
      url,
      `select upper('café 你好') as upper, length('你好') as length, '你好 World' ilike '%world' as match`,
    );
    expect(text).toEqual({ upper: 'CAFÉ 你好', length: 2, match: true });

    const { port } = state();
    const base = { host: '127.0.0.1', port, user: 'postgres', database: 'atrium', connectionTimeoutMillis: 3000 };
    await expect(query(base, 'select 1')).rejects.toThrow();
    await expect(query({ ...base, password: 'not-the-password' }, 'select 1')).rejects.toMatchObject({ code: '28P01' });
  });

  it('a later start on the same home joins the running server', async () => {
    const joined = await startOrJoinEmbedded(home);
    handles.push(joined);
    expect(joined.started).toBe(false);
    expect(joined.url).toBe(handles[0]?.url);
    await expect(query(joined.url, 'select 1 as one')).resolves.toEqual([{ one: 1 }]);
  });

  it('keeps running while another Atrium process is connected; the last one out stops it', async () => {
    const { port } = state();
    const [first, ...rest] = handles;
    if (!first) throw new Error('no server');
    // Another process's Atrium connection (named `atrium-…:<its pid>`).
    const other = new pg.Client({ connectionString: first.url, application_name: 'atrium-server:999999' });
    await other.connect();
    try {
      await first.release();
      expect(await accepts(port)).toBe(true);
      await expect(query(first.url, 'select 1 as one')).resolves.toEqual([{ one: 1 }]);
    } finally {
      await other.end();
    }
    // This process's own connections (`…:<pid>`) do not keep the server up.
    const own = new pg.Client({ connectionString: first.url, application_name: `atrium-test:${process.pid}` });
    own.on('error', () => {}); // the server ends this connection when it stops
    await own.connect();
    try {
      await rest[0]?.release();
    } finally {
      await own.end().catch(() => {});
    }
    expect(await accepts(port)).toBe(false);
    handles.length = 0;
  });
});
