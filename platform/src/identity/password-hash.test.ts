import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, parsePasswordHash, passwordProblem, verifyPasswordHash } from './password-hash.ts';

const cheap = { ln: 10, r: 8, p: 1 };

describe('password hashes', () => {
  it('are scrypt PHC strings with a per-hash random salt and their parameters', async () => {
    const first = await hashPassword('correct horse battery staple');
    const second = await hashPassword('correct horse battery staple');
    expect(first).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(second).not.toBe(first); // another salt
    expect(parsePasswordHash(first)?.salt).toHaveLength(16);
    expect(parsePasswordHash(first)?.key).toHaveLength(32);
    expect(first).not.toContain('horse');
  });

  it('verify the right password only', async () => {
    const stored = await hashPassword('correct horse battery staple', cheap);
    expect(await verifyPasswordHash('correct horse battery staple', stored)).toBe(true);
    expect(await verifyPasswordHash('correct horse battery stapl', stored)).toBe(false);
    expect(await verifyPasswordHash('Correct horse battery staple', stored)).toBe(false);
    expect(await verifyPasswordHash('', stored)).toBe(false);
  });

  it('use the parameters stored with the hash, and tell when they are weaker than the current ones', async () => {
    const old = await hashPassword('an older password', cheap);
    expect(old).toContain('$ln=10,r=8,p=1$');
    expect(await verifyPasswordHash('an older password', old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash(old, cheap)).toBe(false);
  });

  it('never match a malformed hash', async () => {
    for (const stored of ['', 'plain text', '$scrypt$ln=99,r=8,p=1$abc$def', '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA']) {
      expect(await verifyPasswordHash('anything at all', stored)).toBe(false);
    }
  });

  it('treat composed and decomposed accents as the same password', async () => {
    const stored = await hashPassword('Crème brûlée 2024', cheap);
    expect(await verifyPasswordHash('Cre\u0300me bru\u0302le\u0301e 2024', stored)).toBe(true);
  });
});

describe('passwordProblem', () => {
  it('asks for at least 10 characters and more than two different ones', () => {
    expect(passwordProblem('short')).toMatch(/at least 10/);
    expect(passwordProblem('aaaaaaaaaaaaaa')).toMatch(/different/);
    expect(passwordProblem('x'.repeat(2000))).toMatch(/at most/);
    expect(passwordProblem(42)).toMatch(/string/);
    expect(passwordProblem('ten chars!')).toBeUndefined();
  });
});
