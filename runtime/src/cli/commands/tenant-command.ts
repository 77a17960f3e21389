import { deleteTenant, listTenants } from '@atrium/platform';
import { logLine, printResult, UsageError } from '../cli-io.ts';
import { setUpTenant } from '../demo-tenant.ts';
import type { CommandHandler } from '../main.ts';
import { parseOptions } from './parse-options.ts';

/** `atrium tenant create|list|delete`. */
export const tenantCommand: CommandHandler = async (args, database) => {
  const [action, ...rest] = args;
  switch (action) {
    case 'create': {
      const { values, positionals } = parseOptions(rest, { seed: { type: 'string' }, demo: { type: 'boolean' }, name: { type: 'string' } });
      const [key] = positionals;
      if (!key || positionals.length > 1) throw new UsageError('tenant create takes one tenant key');
      const started = Date.now();
      await setUpTenant(
        database,
        { key, ...(values.name ? { name: values.name } : {}), ...(values.seed ? { seed: values.seed } : {}), demo: values.demo === true },
        logLine,
      );
      logLine(`created tenant "${key}" in ${Date.now() - started} ms`);
      printResult(key);
      return;
    }
    case 'list': {
      const { values } = parseOptions(rest, { json: { type: 'boolean' } });
      const tenants = await listTenants(database.db);
      if (values.json) printResult(JSON.stringify(tenants, null, 2));
      else for (const t of tenants) printResult(`${t.key}\t${t.name}\tmetadata v${t.metadataVersion}\t${t.createdAt}`);
      return;
    }
    case 'delete': {
      const { values, positionals } = parseOptions(rest, { yes: { type: 'boolean' } });
      const [key] = positionals;
      if (!key) throw new UsageError('tenant delete takes a tenant key');
      if (!values.yes) throw new UsageError(`deleting tenant "${key}" removes all its data; add --yes to confirm`);
      await deleteTenant(database.db, key);
      logLine(`deleted tenant "${key}"`);
      printResult(key);
      return;
    }
    default:
      throw new UsageError(`unknown tenant action "${action ?? ''}"`);
  }
};
