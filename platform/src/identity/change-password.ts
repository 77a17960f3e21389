import { AtriumError } from '@atrium/errors';
import type { Kysely } from 'kysely';
import type { PlatformTables } from '../database/platform-tables.ts';
import { passwordProblem } from './password-hash.ts';
import { setPassword } from './user-service.ts';
import { type PasswordCheck, type VerifyOptions, verifyUserPassword } from './verify-password.ts';

/** ACCOUNT_LOCKED, with the seconds until the lock ends (for `Retry-After`). */
export class AccountLockedError extends AtriumError {
  readonly retryAfterSeconds: number;
  readonly lockedUntil: string;

  constructor(check: Extract<PasswordCheck, { status: 'locked' }>) {
    super('ACCOUNT_LOCKED', `too many failed sign-ins: the account is locked until ${check.lockedUntil}`);
    this.retryAfterSeconds = check.retryAfterSeconds;
    this.lockedUntil = check.lockedUntil;
  }
}

/**
 * Changes a user's password after confirming the current one (a wrong one counts towards the
 * lock-out) and signs out the user's other sessions; `sessionId`, the one asking, stays.
 */
export async function changePassword(
  db: Kysely<PlatformTables>,
  userId: string,
  current: string,
  next: string,
  options: VerifyOptions & { sessionId?: string } = {},
): Promise<void> {
  const check = await verifyUserPassword(db, userId, current, options);
  if (check.status === 'locked') throw new AccountLockedError(check);
  if (check.status === 'invalid') {
    throw new AtriumError('VALIDATION_FAILED', 'the current password is not right', [
      { path: '/current', code: 'WRONG_PASSWORD', message: 'the current password is not right' },
    ]);
  }
  const problem = passwordProblem(next);
  if (problem)
    throw new AtriumError('VALIDATION_FAILED', `the new password is not acceptable: ${problem}`, [{ path: '/next', code: 'WEAK_PASSWORD', message: problem }]);
  if (next === current) {
    throw new AtriumError('VALIDATION_FAILED', 'the new password is the current one', [
      { path: '/next', code: 'SAME_PASSWORD', message: 'choose a different password' },
    ]);
  }
  await setPassword(db, userId, next, { ...options, ...(options.sessionId ? { keepSessionId: options.sessionId } : {}) });
}
