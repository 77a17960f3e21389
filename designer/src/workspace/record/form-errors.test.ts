import { describe, expect, it } from 'vitest';
import { extraErrorsFrom, problemPath, recordWrite, withoutFields } from './form-errors.ts';

describe('server problems at their fields', () => {
  it('maps VALIDATION_FAILED details onto rjsf extraErrors', () => {
    const { errorSchema, general } = extraErrorsFrom(
      [
        { path: '/input/amount', code: 'RULE_FAILED', message: 'The amount must not be negative.' },
        { path: '/input/stage', code: 'STAGE_REQUIREMENTS', message: 'A proposal needs an account.' },
        { path: '/amount/currency', code: 'INVALID_FORMAT', message: 'currency: does not have the expected format' },
        { path: '/input', code: 'RULE_FAILED', message: 'The record as a whole is wrong.' },
        { path: '/input/unknownField', code: 'UNKNOWN_FIELD', message: 'not a field' },
      ],
      ['amount', 'stage'],
    );
    expect(errorSchema).toEqual({
      amount: { __errors: ['The amount must not be negative.', 'currency: does not have the expected format'] },
      stage: { __errors: ['A proposal needs an account.'] },
    });
    expect(general).toEqual(['The record as a whole is wrong.', 'not a field']);
    expect(problemPath('/records/3/name')).toEqual(['name']);
    expect(withoutFields(errorSchema, ['amount'])).toEqual({ stage: { __errors: ['A proposal needs an account.'] } });
  });

  it('sends only what changed, cleared values as null', () => {
    const original = { name: 'A', amount: { amount: 5, currency: 'EUR' }, notes: 'x', stage: 'won' };
    expect(
      recordWrite('edit', original, { name: 'A', amount: { amount: 6, currency: 'EUR' }, notes: undefined, stage: 'won' }, [
        'name',
        'amount',
        'notes',
        'stage',
      ]),
    ).toEqual({
      amount: { amount: 6, currency: 'EUR' },
      notes: null,
    });
    expect(recordWrite('create', {}, { name: 'B', notes: undefined, products: [], stage: 'won' }, ['name', 'notes', 'products', 'stage'])).toEqual({
      name: 'B',
      stage: 'won',
    });
  });
});
