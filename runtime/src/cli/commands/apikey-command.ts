import { API_KEY_ROLES, type ApiKeyRole, createApiKey, listApiKeys, revokeApiKey } from '@atrium/platform';
import { logLine, printResult, UsageError } from '../cli-io.ts';
import type { CommandHandler } from '../main.ts';
import { parseOptions } from './parse-options.ts';

/** `atrium apikey create|list|revoke`: a tenant's API keys. `create` prints the token alone on stdout. */
export const apikeyCommand: CommandHandler = async (args, database) => {
  const [action, ...rest] = args;
  switch (action) {
    case 'create': {
      const { values, positionals } = parseOptions(rest, { role: { type: 'string' }, name: { type: 'string' } });
      const [key] = positionals;
      if (!key || positionals.length > 1) throw new UsageError('apikey create takes one tenant key');
      const role = values.role ?? 'integration';
      if (!(API_KEY_ROLES as readonly string[]).includes(role)) throw new UsageError(`--role must be one of ${API_KEY_ROLES.join(', ')}, not "${role}"`);
      const created = await createApiKey(database.db, key, { role: role as ApiKeyRole, ...(values.name ? { name: values.name } : {}) });
      logLine(`created API key ${created.id} (${created.role}, "${created.name}") for tenant "${key}"; it is shown once: store it now`);
      printResult(created.token);
      return;
    }
    case 'list': {
      const { values, positionals } = parseOptions(rest, { json: { type: 'boolean' } });
      const [key] = positionals;
      if (!key || positionals.length > 1) throw new UsageError('apikey list takes one tenant key');
      const keys = await listApiKeys(database.db, key);
      if (values.json) printResult(JSON.stringify(keys, null, 2));
      else
        for (const k of keys) {
          const status = k.revokedAt ? `revoked ${k.revokedAt}` : 'active';
          printResult(`${k.id}\t${k.tokenPrefix}…\t${k.role}\t${k.name}\t${status}\tcreated ${k.createdAt}\tlast used ${k.lastUsedAt ?? 'never'}`);
        }
      return;
    }
    case 'revoke': {
      const { positionals } = parseOptions(rest, {});
      const [key, id] = positionals;
      if (!key || !id || positionals.length > 2) throw new UsageError('apikey revoke takes a tenant key and a key id');
      const revoked = await revokeApiKey(database.db, key, id);
      logLine(`revoked API key ${revoked.id} ("${revoked.name}") of tenant "${key}" at ${revoked.revokedAt}`);
      printResult(revoked.id);
      return;
    }
    default:
      throw new UsageError(`unknown apikey action "${action ?? ''}"`);
  }
};
