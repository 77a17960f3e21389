import { compileRecordSchema } from '@atrium/metadata';
import type { RJSFSchema } from '@rjsf/utils';
import { describe, expect, it } from 'vitest';
import { crmBundle, opportunity } from '../../testing/crm-fixture.ts';
import { CspSafeValidator } from './csp-validator.ts';

const schema = compileRecordSchema(opportunity, crmBundle(), { systemFields: false }) as RJSFSchema;

describe('the CSP-safe form validator', () => {
  const validator = new CspSafeValidator();

  it('validates with the record schema without generating code', () => {
    const original = globalThis.Function;
    // Under the app's CSP, `new Function` throws: make it throw here too.
    globalThis.Function = new Proxy(original, {
      construct() {
        throw new EvalError('code generation from strings disallowed');
      },
      apply() {
        throw new EvalError('code generation from strings disallowed');
      },
    });
    try {
      const { errors } = validator.validateFormData(
        { name: 'ok', code: 'X', amount: { amount: 'ten' as unknown as number, currency: 'eur' }, stage: 'nope' },
        schema,
      );
      expect(errors.map((e) => [e.property, e.name])).toEqual([
        ['.stage', 'enum'],
        ['.amount.amount', 'type'],
        ['.amount.currency', 'pattern'],
      ]);
    } finally {
      globalThis.Function = original;
    }
  });

  it('reports missing required fields at the field, with messages in the chosen language', () => {
    const zh = new CspSafeValidator((keyword, params) =>
      keyword === 'required' ? '为必填项' : keyword === 'maxLength' ? `最多 ${String(params.limit)} 个字符` : '无效',
    );
    const { errorSchema } = zh.validateFormData({ name: 'x'.repeat(300) }, schema);
    expect(errorSchema).toMatchObject({ name: { __errors: ['最多 255 个字符'] }, code: { __errors: ['为必填项'] } });
  });

  it('accepts a valid record and ignores read-only values', () => {
    expect(validator.validateFormData({ name: 'Deal', code: 'D1', stage: 'won', score: 'server computed', closeDate: '2025-02-28' }, schema).errors).toEqual(
      [],
    );
    expect(validator.validateFormData({ name: 'Deal', code: 'D1', closeDate: '2025-02-30' }, schema).errors.map((e) => e.name)).toEqual(['format']);
    expect(validator.isValid(schema, { name: 'n', code: 'c' }, schema)).toBe(true);
  });

  it('runs the form’s custom validation (the rules) after the schema', () => {
    const typed = new CspSafeValidator<{ name?: string; code?: string }>();
    const { errorSchema } = typed.validateFormData({ name: 'Deal', code: 'D1' }, schema, (data, errors) => {
      if (data?.name === 'Deal') errors.name?.addError('rule says no');
      return errors;
    });
    expect(errorSchema).toMatchObject({ name: { __errors: ['rule says no'] } });
  });
});
