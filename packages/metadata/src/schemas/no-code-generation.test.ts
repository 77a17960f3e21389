import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FieldDef, ObjectDef } from '../model/types.ts';
import { sampleAccount, sampleBundle } from '../testing/sample-bundle.ts';

/*
 * The web app validates metadata drafts with these functions under a Content-Security-Policy
 * without 'unsafe-eval', where Ajv cannot compile (it generates code with `new Function`). There
 * the meta-schema check is left to the server's dry run; the checks across documents still run.
 */

const original = globalThis.Function;
beforeAll(() => {
  vi.resetModules();
  globalThis.Function = new Proxy(original, {
    construct() {
      throw new EvalError('code generation from strings disallowed');
    },
    apply() {
      throw new EvalError('code generation from strings disallowed');
    },
  });
});
afterAll(() => {
  globalThis.Function = original;
});

describe('metadata validation where code generation is forbidden', () => {
  it('validates objects, fields and defaults without generating code', async () => {
    const logged = vi.spyOn(console, 'error');
    const { validateField, validateObject } = await import('./validate-metadata.ts');
    const bundle = sampleBundle();
    const account = sampleAccount();
    expect(validateObject(account, bundle)).toEqual([]);
    const withDefault: FieldDef = { id: 'fld_account_tier', apiName: 'tier', type: 'integer', label: { en: 'Tier' }, default: 2 };
    expect(validateField(withDefault, account, bundle)).toEqual([]);
    // What the cross-document checks find is still found.
    const duplicate: FieldDef = { ...withDefault, id: 'fld_account_tier_2', apiName: account.fields[0]?.apiName ?? 'name' };
    expect(validateField(duplicate, account, bundle).length).toBeGreaterThan(0);
    const nameless: ObjectDef = { ...account, nameField: 'nope' };
    expect(validateObject(nameless, bundle).length).toBeGreaterThan(0);
    expect(logged).not.toHaveBeenCalled();
  });
});
