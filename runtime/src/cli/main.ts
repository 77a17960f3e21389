#!/usr/bin/env node
/**
 * `atrium`: the platform's command line. Same database selection as the server (DATABASE_URL,
 * else the embedded PostgreSQL under ATRIUM_HOME, joined when the server runs). Results on stdout,
 * logs and progress on stderr.
 */
import { isAtriumError } from '@atrium/errors';
import { type Database, openPlatform } from '@atrium/platform';
import { logLine, UsageError } from './cli-io.ts';
import { apikeyCommand } from './commands/apikey-command.ts';
import { jobsCommand } from './commands/jobs-command.ts';
import { metaCommand } from './commands/meta-command.ts';
import { startCommand } from './commands/start-command.ts';
import { tenantCommand } from './commands/tenant-command.ts';
import { userCommand } from './commands/user-command.ts';

const USAGE = `usage: atrium <command>

  start                                   start the platform (serves the demo tenant)
  tenant create <key> [--seed crm] [--demo] [--name NAME]
  tenant list [--json]
  tenant delete <key> --yes
  meta export <tenant>                    print the tenant's metadata bundle (JSON)
  meta apply <tenant> <bundle.json> [--dry-run] [--base-version N]
                                          apply a bundle; prints the plan (JSON)
  jobs list <tenant> [--json]             follow-up jobs and their progress
  jobs run                                run the jobs that are due, then exit
  apikey create <tenant> [--role admin|integration] [--name NAME]
                                          create an API key (default role integration);
                                          prints the token, shown only once
  apikey list <tenant> [--json]           the tenant's keys (prefix, role, status, last use)
  apikey revoke <tenant> <id>             revoke a key at once, in every process
  user create <email> [--name NAME] [--password-stdin]
                                          create a user (password read from stdin); prints the id
  user add <email> <tenant> [--role admin|member]
                                          make the user a member of the tenant (default member)
  user list <tenant> [--json]             the tenant's users, roles and status
  user password <email> --password-stdin  set a user's password (signs out their sessions)

Environment: DATABASE_URL (else the embedded PostgreSQL), ATRIUM_HOME, PORT (start).`;

export type CommandHandler = (args: string[], database: Database) => Promise<void>;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    (command ? process.stdout : process.stderr).write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  if (command === 'start') return startCommand(rest);
  const handlers: Record<string, CommandHandler> = { tenant: tenantCommand, meta: metaCommand, jobs: jobsCommand, apikey: apikeyCommand, user: userCommand };
  const handler = handlers[command];
  if (!handler) throw new UsageError(`unknown command "${command}"`);
  const database = await openPlatform({ applicationName: 'atrium-cli', maxConnections: 4, log: logLine });
  try {
    await handler(rest, database);
  } finally {
    await database.close();
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      logLine(`atrium: ${error.message}\n\n${USAGE}`);
      process.exitCode = 2;
    } else if (isAtriumError(error)) {
      logLine(`atrium: ${error.code}: ${error.message}`);
      for (const detail of error.details) logLine(`  ${detail.path}: ${detail.message}`);
      process.exitCode = 1;
    } else {
      logLine(`atrium: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exitCode = 1;
    }
  },
);
