import { isAtriumError } from '@atrium/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../database/database.ts';
import { openTestDatabase, uniqueTenantKey } from '../testing/test-database.ts';
import { AccountLockedError, changePassword } from './change-password.ts';
import { createUser, findUser, setPassword } from './user-service.ts';
import { verifyPassword, verifyUserPassword } from './verify-password.ts';

const scrypt = { ln: 10, r: 8, p: 1 };
const PASSWORD = 'correct horse battery';
let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const email = () => `${uniqueTenantKey('u')}@example.com`;

describe('createUser', () => {
  it('stores the email lower-cased and unique, and never the password', async () => {
    const address = email();
    const user = await createUser(database.db, { email: `  ${address.toUpperCase()} `, displayName: 'Ada', password: PASSWORD }, { scrypt });
    expect(user).toMatchObject({ email: address, displayName: 'Ada', hasPassword: true, disabledAt: null, lockedUntil: null });
    expect(user.id).toMatch(/^[0-9a-f-]{36}$/);
    const { rows } = await database.pool.query('select row_to_json(u)::text as json from atrium."user" u where id = $1', [user.id]);
    expect(rows[0].json).not.toContain(PASSWORD);
    await expect(createUser(database.db, { email: address })).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    expect((await findUser(database.db, address.toUpperCase())).id).toBe(user.id);
  });

  it('refuses bad emails and weak passwords', async () => {
    await expect(createUser(database.db, { email: 'not an email' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: '/email' }] });
    await expect(createUser(database.db, { email: email(), password: 'short' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: '/password', code: 'WEAK_PASSWORD' }],
    });
  });

  it('defaults the display name to the local part, and allows a user without a password', async () => {
    const address = email();
    const user = await createUser(database.db, { email: address });
    expect(user.displayName).toBe(address.split('@')[0]);
    expect(user.hasPassword).toBe(false);
    expect(await verifyPassword(database.db, address, 'any password at all')).toEqual({ status: 'invalid' });
  });
});

describe('verifyPassword', () => {
  it('accepts the right password, case-insensitively by email', async () => {
    const address = email();
    const user = await createUser(database.db, { email: address, password: PASSWORD }, { scrypt });
    const check = await verifyPassword(database.db, address.toUpperCase(), PASSWORD, { scrypt });
    expect(check).toMatchObject({ status: 'ok', user: { id: user.id, email: address } });
  });

  it('answers unknown emails and wrong passwords alike', async () => {
    const address = email();
    await createUser(database.db, { email: address, password: PASSWORD }, { scrypt });
    expect(await verifyPassword(database.db, address, 'wrong password!', { scrypt })).toEqual({ status: 'invalid' });
    expect(await verifyPassword(database.db, email(), PASSWORD, { scrypt })).toEqual({ status: 'invalid' });
  });

  it('locks the account after N failures within the window; then right and wrong passwords get the same answer', async () => {
    const address = email();
    const user = await createUser(database.db, { email: address, password: PASSWORD }, { scrypt });
    const lockout = { maxAttempts: 3, windowMs: 60_000, lockMs: 60_000 };
    expect(await verifyPassword(database.db, address, 'wrong one #1', { lockout, scrypt })).toEqual({ status: 'invalid' });
    expect(await verifyPassword(database.db, address, 'wrong one #2', { lockout, scrypt })).toEqual({ status: 'invalid' });
    const third = await verifyPassword(database.db, address, 'wrong one #3', { lockout, scrypt });
    expect(third).toMatchObject({ status: 'locked' });
    const right = await verifyPassword(database.db, address, PASSWORD, { lockout, scrypt });
    const wrong = await verifyPassword(database.db, address, 'wrong one #4', { lockout, scrypt });
    expect(right).toEqual(wrong);
    expect(right.status).toBe('locked');
    if (right.status !== 'locked') throw new Error('not locked');
    expect(right.retryAfterSeconds).toBeGreaterThan(50);
    expect(right.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect((await findUser(database.db, user.id)).lockedUntil).toBe(right.lockedUntil);
    // Attempts while locked do not extend the lock.
    expect(await verifyPassword(database.db, address, 'x', { lockout, scrypt })).toMatchObject({ lockedUntil: right.lockedUntil });
  });

  it('unlocks when the lock ends, with a fresh count', async () => {
    const address = email();
    const user = await createUser(database.db, { email: address, password: PASSWORD }, { scrypt });
    const lockout = { maxAttempts: 2, windowMs: 60_000, lockMs: 300 };
    await verifyPassword(database.db, address, 'wrong one #1', { lockout, scrypt });
    expect((await verifyPassword(database.db, address, 'wrong one #2', { lockout, scrypt })).status).toBe('locked');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await verifyPassword(database.db, address, 'wrong one #3', { lockout, scrypt })).status).toBe('invalid');
    expect((await verifyPassword(database.db, address, PASSWORD, { lockout, scrypt })).status).toBe('ok');
    const { rows } = await database.pool.query('select failed_attempts, failed_since, locked_until from atrium."user" where id = $1', [user.id]);
    expect(rows[0]).toEqual({ failed_attempts: 0, failed_since: null, locked_until: null });
  });

  it('counts failures only within the window', async () => {
    const address = email();
    await createUser(database.db, { email: address, password: PASSWORD }, { scrypt });
    const lockout = { maxAttempts: 2, windowMs: 200, lockMs: 60_000 };
    await verifyPassword(database.db, address, 'wrong one #1', { lockout, scrypt });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await verifyPassword(database.db, address, 'wrong one #2', { lockout, scrypt })).status).toBe('invalid');
    expect((await verifyPassword(database.db, address, 'wrong one #3', { lockout, scrypt })).status).toBe('locked');
  });

  it('counts concurrent failures exactly', async () => {
    const address = email();
    const user = await createUser(database.db, { email: address, password: PASSWORD }, { scrypt });
    const lockout = { maxAttempts: 100, windowMs: 60_000, lockMs: 60_000 };
    await Promise.all(Array.from({ length: 8 }, (_, i) => verifyPassword(database.db, address, `wrong guess ${i}`, { lockout, scrypt })));
    const { rows } = await database.pool.query('select failed_attempts from atrium."user" where id = $1', [user.id]);
    expect(rows[0].failed_attempts).toBe(8);
  });

  it('refuses disabled users like wrong passwords', async () => {
    const address = email();
    const user = await createUser(database.db, { email: address, password: PASSWORD }, { scrypt });
    await database.pool.query('update atrium."user" set disabled_at = now() where id = $1', [user.id]);
    expect(await verifyPassword(database.db, address, PASSWORD, { scrypt })).toEqual({ status: 'invalid' });
  });

  it('re-hashes a password stored with weaker parameters at the next successful check', async () => {
    const address = email();
    const user = await createUser(database.db, { email: address, password: PASSWORD }, { scrypt: { ln: 10, r: 8, p: 1 } });
    expect((await verifyPassword(database.db, address, PASSWORD, { scrypt: { ln: 11, r: 8, p: 1 } })).status).toBe('ok');
    const { rows } = await database.pool.query('select password_hash from atrium."user" where id = $1', [user.id]);
    expect(rows[0].password_hash).toContain('$ln=11,');
    expect((await verifyUserPassword(database.db, user.id, PASSWORD)).status).toBe('ok');
  });
});

describe('setPassword and changePassword', () => {
  it('set a new password and clear a lock-out', async () => {
    const address = email();
    const user = await createUser(database.db, { email: address, password: PASSWORD }, { scrypt });
    const lockout = { maxAttempts: 1, windowMs: 60_000, lockMs: 60_000 };
    expect((await verifyPassword(database.db, address, 'wrong guess', { lockout, scrypt })).status).toBe('locked');
    await setPassword(database.db, user.id, 'a brand new password', { scrypt });
    expect((await verifyPassword(database.db, address, 'a brand new password', { lockout, scrypt })).status).toBe('ok');
    expect((await verifyPassword(database.db, address, PASSWORD, { scrypt })).status).toBe('invalid');
  });

  it('changePassword needs the current password, a different and long enough new one', async () => {
    const address = email();
    const user = await createUser(database.db, { email: address, password: PASSWORD }, { scrypt });
    await expect(changePassword(database.db, user.id, 'not the password', 'a brand new password', { scrypt })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: '/current', code: 'WRONG_PASSWORD' }],
    });
    await expect(changePassword(database.db, user.id, PASSWORD, 'short', { scrypt })).rejects.toMatchObject({
      details: [{ path: '/next', code: 'WEAK_PASSWORD' }],
    });
    await expect(changePassword(database.db, user.id, PASSWORD, PASSWORD, { scrypt })).rejects.toMatchObject({
      details: [{ path: '/next', code: 'SAME_PASSWORD' }],
    });
    await changePassword(database.db, user.id, PASSWORD, 'a brand new password', { scrypt });
    expect((await verifyPassword(database.db, address, 'a brand new password', { scrypt })).status).toBe('ok');
  });

  it('changePassword on a locked account answers ACCOUNT_LOCKED with the time left', async () => {
    const address = email();
    const user = await createUser(database.db, { email: address, password: PASSWORD }, { scrypt });
    const lockout = { maxAttempts: 1, windowMs: 60_000, lockMs: 60_000 };
    await verifyPassword(database.db, address, 'wrong guess', { lockout, scrypt });
    const error = await changePassword(database.db, user.id, PASSWORD, 'a brand new password', { lockout, scrypt }).catch((e: unknown) => e);
    expect(isAtriumError(error) && error.code).toBe('ACCOUNT_LOCKED');
    expect(error).toBeInstanceOf(AccountLockedError);
    expect((error as AccountLockedError).retryAfterSeconds).toBeGreaterThan(50);
  });
});
