import { addMembership, createUser, findUser, listTenantMembers, MEMBERSHIP_ROLES, type MembershipRole, setPassword } from '@atrium/platform';
import { logLine, printResult, UsageError } from '../cli-io.ts';
import type { CommandHandler } from '../main.ts';
import { parseOptions } from './parse-options.ts';

/** The first line of standard input, without its line ending: a password piped in, never an argument (shell history, `ps`). */
async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) logLine('password (then Enter, Ctrl-D):');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  const password = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  if (password === '') throw new UsageError('--password-stdin read no password');
  return password;
}

/**
 * `atrium user create|add|list|password`: users (global) and their memberships of tenants.
 * `create` prints the new user's id alone on stdout.
 */
export const userCommand: CommandHandler = async (args, database) => {
  const [action, ...rest] = args;
  switch (action) {
    case 'create': {
      const { values, positionals } = parseOptions(rest, { name: { type: 'string' }, 'password-stdin': { type: 'boolean' } });
      const [email] = positionals;
      if (!email || positionals.length > 1) throw new UsageError('user create takes one email');
      const password = values['password-stdin'] ? await readPassword() : undefined;
      const user = await createUser(database.db, { email, ...(values.name ? { displayName: values.name } : {}), ...(password ? { password } : {}) });
      logLine(
        `created user ${user.email} ("${user.displayName}")${password ? '' : '; no password yet: set one with `atrium user password <email> --password-stdin`'}`,
      );
      logLine(`add them to a tenant with \`atrium user add ${user.email} <tenant> [--role admin]\``);
      printResult(user.id);
      return;
    }
    case 'add': {
      const { values, positionals } = parseOptions(rest, { role: { type: 'string' } });
      const [email, tenant] = positionals;
      if (!email || !tenant || positionals.length > 2) throw new UsageError('user add takes an email and a tenant key');
      const role = values.role ?? 'member';
      if (!(MEMBERSHIP_ROLES as readonly string[]).includes(role)) throw new UsageError(`--role must be one of ${MEMBERSHIP_ROLES.join(', ')}, not "${role}"`);
      const membership = await addMembership(database.db, email, tenant, role as MembershipRole);
      logLine(`${email} is ${role === 'admin' ? 'an admin' : 'a member'} of tenant "${membership.tenantKey}"`);
      printResult(`${membership.userId}\t${membership.tenantKey}\t${membership.role}`);
      return;
    }
    case 'list': {
      const { values, positionals } = parseOptions(rest, { json: { type: 'boolean' } });
      const [tenant] = positionals;
      if (!tenant || positionals.length > 1) throw new UsageError('user list takes one tenant key');
      const members = await listTenantMembers(database.db, tenant);
      if (values.json) printResult(JSON.stringify(members, null, 2));
      else
        for (const m of members) {
          const status = m.disabledAt
            ? `disabled ${m.disabledAt}`
            : m.deactivatedAt
              ? `deactivated ${m.deactivatedAt}`
              : m.lockedUntil
                ? `locked until ${m.lockedUntil}`
                : m.hasPassword
                  ? 'active'
                  : 'no password';
          printResult(`${m.id}\t${m.email}\t${m.displayName}\t${m.role}\t${status}\tmember since ${m.memberSince}`);
        }
      return;
    }
    case 'password': {
      const { values, positionals } = parseOptions(rest, { 'password-stdin': { type: 'boolean' } });
      const [email] = positionals;
      if (!email || positionals.length > 1 || !values['password-stdin']) throw new UsageError('user password takes one email and --password-stdin');
      const user = await findUser(database.db, email);
      await setPassword(database.db, user.id, await readPassword());
      logLine(`set the password of ${user.email}; their sessions were signed out`);
      printResult(user.id);
      return;
    }
    default:
      throw new UsageError(`unknown user action "${action ?? ''}"`);
  }
};
