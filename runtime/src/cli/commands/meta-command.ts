import { readFile } from 'node:fs/promises';
import { AtriumError } from '@atrium/errors';
import { applyMetadataChange, exportView, findTenant, loadBundle } from '@atrium/platform';
import { logLine, printResult, UsageError, userPath } from '../cli-io.ts';
import type { CommandHandler } from '../main.ts';
import { parseOptions } from './parse-options.ts';

/** `atrium meta export|apply`. */
export const metaCommand: CommandHandler = async (args, database) => {
  const [action, ...rest] = args;
  switch (action) {
    case 'export': {
      const { positionals } = parseOptions(rest, {});
      const [key] = positionals;
      if (!key) throw new UsageError('meta export takes a tenant key');
      const tenant = await findTenant(database.db, key);
      const bundle = exportView(await loadBundle(database.db, tenant.id));
      logLine(`tenant "${key}" at metadata version ${tenant.metadataVersion}: ${bundle.objects.length} objects`);
      printResult(JSON.stringify(bundle, null, 2));
      return;
    }
    case 'apply': {
      const { values, positionals } = parseOptions(rest, { 'dry-run': { type: 'boolean' }, 'base-version': { type: 'string' } });
      const [key, file] = positionals;
      if (!key || !file) throw new UsageError('meta apply takes a tenant key and a bundle file');
      const path = userPath(file);
      let bundle: unknown;
      try {
        bundle = JSON.parse(await readFile(path, 'utf8'));
      } catch (error) {
        throw new AtriumError('BAD_REQUEST', `cannot read the bundle ${path}: ${(error as Error).message}`);
      }
      const tenant = await findTenant(database.db, key);
      const baseVersion = values['base-version'] !== undefined ? Number(values['base-version']) : tenant.metadataVersion;
      const dryRun = values['dry-run'] === true;
      const result = await applyMetadataChange(database.db, key, { baseVersion, dryRun, operations: [{ op: 'applyBundle', bundle }] }, 'cli');
      for (const step of result.plan.steps) logLine(`${step.destructive ? '! ' : '  '}${step.description}`);
      logLine(
        dryRun ? `dry run: nothing applied (${result.plan.summary})` : result.applied ? `applied: metadata version ${result.version}` : 'nothing to change',
      );
      printResult(JSON.stringify(result.plan, null, 2));
      return;
    }
    default:
      throw new UsageError(`unknown meta action "${action ?? ''}"`);
  }
};
