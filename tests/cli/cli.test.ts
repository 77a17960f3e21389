/**
 * The `atrium` command line as users run it: a child process per command, against the test
 * database (DATABASE_URL, so no embedded server is started). Results on stdout only, logs on
 * stderr, exit codes 0 / 1 (refused) / 2 (usage).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MetadataBundle } from '@atrium/metadata';
import { crmBundle } from '@atrium/seeds';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const stamp = `${process.pid}_${Date.now().toString(36)}`;
const key = `cli_${stamp}`;
const demoKey = `cli_demo_${stamp}`;

let pool: pg.Pool;
let scratch: string;
/** Commands that do not depend on the others start at once and run alongside them (each costs a Node start). */
let demoCreate: Promise<Run>;
let unknownCommand: Promise<Run>;

beforeAll(() => {
  pool = new pg.Pool({ connectionString: inject('databaseUrl'), max: 2 });
  scratch = mkdtempSync(join(tmpdir(), 'atrium-cli-test-'));
  demoCreate = atrium(['tenant', 'create', demoKey, '--seed', 'crm', '--demo']);
  unknownCommand = atrium(['frobnicate']);
});
afterAll(async () => {
  await Promise.allSettled([demoCreate, unknownCommand]);
  // What the tests left (the delete command is tested once; a Node start per cleanup is not needed).
  for (const k of [key, demoKey]) {
    const tenant = await tenantRow(k);
    if (!tenant) continue;
    await pool.query(`drop schema if exists "${tenant.schema_name}" cascade`);
    await pool.query('delete from atrium.tenant where id = $1', [tenant.id]);
  }
  await pool.end();
  rmSync(scratch, { recursive: true, force: true });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `atrium ...` from the workspace root, as `pnpm atrium` does. */
function atrium(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const { INIT_CWD: _initCwd, DATABASE_URL: _databaseUrl, ...inherited } = process.env;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'runtime/src/cli/main.ts', ...args],
      { cwd: root, env: { ...inherited, DATABASE_URL: inject('databaseUrl'), ...env }, maxBuffer: 64 * 1024 * 1024, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function tenantRow(k: string): Promise<{ id: string; metadata_version: number; schema_name: string } | undefined> {
  const { rows } = await pool.query('select id, metadata_version, schema_name from atrium.tenant where key = $1', [k]);
  return rows[0];
}

async function columns(schema: string, table: string): Promise<string[]> {
  const { rows } = await pool.query<{ column_name: string }>('select column_name from information_schema.columns where table_schema = $1 and table_name = $2', [
    schema,
    table,
  ]);
  return rows.map((r) => r.column_name);
}

/** The exported bundle with a new text field on its first object. */
function withRegion(bundle: MetadataBundle, apiName = 'region'): MetadataBundle {
  const copy = structuredClone(bundle);
  copy.objects[0]?.fields.push({ id: `fld_cli_${apiName.toLowerCase().replace(/\W/g, '')}`, apiName, type: 'text', label: { en: 'Region' } });
  return copy;
}

describe('atrium CLI', () => {
  let exported: MetadataBundle;

  it('tenant create --seed crm prints only the key', async () => {
    const run = await atrium(['tenant', 'create', key, '--seed', 'crm']);
    expect(run.stderr).toContain('installed seed "crm"');
    expect(run, run.stderr).toMatchObject({ code: 0, stdout: `${key}\n` });
    expect((await tenantRow(key))?.metadata_version).toBe(1);
  });

  it('tenant list shows it', async () => {
    const run = await atrium(['tenant', 'list']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.split('\n').find((line) => line.startsWith(`${key}\t`))).toContain('metadata v1');
  });

  it('meta export prints the bundle as JSON on stdout, logs on stderr', async () => {
    const run = await atrium(['meta', 'export', key]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('metadata version 1');
    exported = JSON.parse(run.stdout) as MetadataBundle;
    expect(exported).toMatchObject({ atrium: 'metadata-bundle', formatVersion: 1 });
    expect(exported.objects.map((o) => o.apiName)).toEqual(['lead', 'account', 'contact', 'opportunity', 'activity', 'case']);
    // Physical names and states stay inside the platform.
    for (const object of exported.objects) {
      expect(object).not.toHaveProperty('table');
      expect(object).not.toHaveProperty('state');
      for (const field of object.fields) expect(Object.keys(field)).not.toEqual(expect.arrayContaining(['columns']));
    }
  });

  it('meta apply --dry-run prints the plan and changes nothing', async () => {
    // The seed as written (not as exported): key order and formatting differ from the stored
    // metadata, and the plan still holds only the one new field.
    const file = join(scratch, 'dry.json');
    writeFileSync(file, JSON.stringify(withRegion(crmBundle), null, 2));
    const run = await atrium(['meta', 'apply', key, file, '--dry-run']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('dry run: nothing applied');
    const plan = JSON.parse(run.stdout) as { steps: Array<{ action: string; object: string; field?: string }>; ddl: string[]; version: number };
    expect(plan.steps).toEqual([expect.objectContaining({ action: 'addField', object: 'lead', field: 'region' })]);
    expect(plan.ddl).toEqual([expect.stringContaining('add column "region" text')]);
    expect(plan.version).toBe(2);
    const tenant = await tenantRow(key);
    expect(tenant?.metadata_version).toBe(1);
    expect(await columns(tenant?.schema_name ?? '', 'lead')).not.toContain('region');
  });

  it('meta apply applies it as one revision; a relative file resolves against the folder it was typed in (INIT_CWD)', async () => {
    writeFileSync(join(scratch, 'bundle.json'), JSON.stringify(withRegion(exported)));
    const run = await atrium(['meta', 'apply', key, 'bundle.json'], { INIT_CWD: scratch });
    expect(run.stderr).toContain('applied: metadata version 2');
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as { summary: string }).summary).toBe('1 × addField');
    const tenant = await tenantRow(key);
    expect(tenant?.metadata_version).toBe(2);
    expect(await columns(tenant?.schema_name ?? '', 'lead')).toContain('region');
    const { rows } = await pool.query('select actor, summary from atrium.metadata_revision where tenant_id = $1 and version = 2', [tenant?.id]);
    expect(rows).toEqual([{ actor: 'cli', summary: '1 × addField' }]);
  });

  it('a bad bundle exits 1 with the error code and path on stderr and nothing on stdout', async () => {
    const file = join(scratch, 'bad.json');
    writeFileSync(file, JSON.stringify(withRegion(exported, 'Bad Name')));
    const run = await atrium(['meta', 'apply', key, file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('INVALID_METADATA');
    const index = (exported.objects[0]?.fields.length ?? 0) as number;
    expect(run.stderr).toContain(`/operations/0/bundle/objects/0/fields/${index}/apiName`);
    expect((await tenantRow(key))?.metadata_version).toBe(2);
  });

  it('an unknown command exits 2 with the usage on stderr', async () => {
    const run = await unknownCommand;
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toContain('unknown command "frobnicate"');
    expect(run.stderr).toContain('usage: atrium');
  });

  it('tenant create --seed crm --demo loads demo records into every object', async () => {
    const run = await demoCreate;
    expect(run, run.stderr).toMatchObject({ code: 0, stdout: `${demoKey}\n` });
    expect(run.stderr).toContain('loaded demo records');
    const tenant = await tenantRow(demoKey);
    const { rows: objects } = await pool.query<{ api_name: string; table_name: string }>(
      `select doc->>'apiName' as api_name, doc->>'table' as table_name from atrium.metadata_document where tenant_id = $1 and kind = 'object' order by position`,
      [tenant?.id],
    );
    expect(objects).toHaveLength(6);
    for (const { api_name, table_name } of objects) {
      const { rows } = await pool.query<{ n: number }>(`select count(*)::int as n from "${tenant?.schema_name}"."${table_name}"`);
      expect(rows[0]?.n, `${api_name} records`).toBeGreaterThan(0);
    }
  });

  it('tenant delete --yes removes the tenant and its schema', async () => {
    const schema = (await tenantRow(demoKey))?.schema_name;
    const run = await atrium(['tenant', 'delete', demoKey, '--yes']);
    expect(run, run.stderr).toMatchObject({ code: 0, stdout: `${demoKey}\n` });
    expect(await tenantRow(demoKey)).toBeUndefined();
    const { rows } = await pool.query('select 1 from pg_namespace where nspname = $1', [schema]);
    expect(rows).toHaveLength(0);
  });
});
