import { findTenant, runDueJobs } from '@atrium/platform';
import { logLine, printResult, UsageError } from '../cli-io.ts';
import type { CommandHandler } from '../main.ts';
import { parseOptions } from './parse-options.ts';

/** `atrium jobs list|run`: follow-up work of metadata changes and its progress. */
export const jobsCommand: CommandHandler = async (args, database) => {
  const [action, ...rest] = args;
  switch (action) {
    case 'list': {
      const { values, positionals } = parseOptions(rest, { json: { type: 'boolean' } });
      const [key] = positionals;
      if (!key) throw new UsageError('jobs list takes a tenant key');
      const tenant = await findTenant(database.db, key);
      const jobs = await database.db.selectFrom('atrium.job').selectAll().where('tenant_id', '=', tenant.id).orderBy('created_at', 'desc').limit(200).execute();
      if (values.json) printResult(JSON.stringify(jobs, null, 2));
      else for (const j of jobs) printResult(`${j.id}\t${j.task}\t${j.status}\t${j.total ? `${j.done}/${j.total}` : '-'}\t${j.error ?? j.message ?? ''}`);
      return;
    }
    case 'run':
      await runDueJobs({ db: database.db, pool: database.pool, log: logLine });
      return;
    default:
      throw new UsageError(`unknown jobs action "${action ?? ''}"`);
  }
};
