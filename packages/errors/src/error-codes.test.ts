import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorCodes } from './error-codes.ts';

const doc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
const documented = new Map([...doc.matchAll(/^\| `([A-Z_]+)` *\| (\d{3}) *\|/gm)].map((m) => [m[1], Number(m[2])] as const));

describe('the error registry and docs/errors.md', () => {
  it('documents every code with its HTTP status', () => {
    for (const [code, { status }] of Object.entries(errorCodes)) {
      expect(documented.get(code), `docs/errors.md has no row for ${code}`).toBe(status);
    }
  });

  it('documents no code the registry lacks', () => {
    for (const code of documented.keys()) expect(Object.keys(errorCodes)).toContain(code);
  });
});
