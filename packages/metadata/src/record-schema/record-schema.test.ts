import { describe, expect, it } from 'vitest';
import { FIELD_TYPES } from '../model/types.ts';
import { item } from '../testing/item.ts';
import { sampleBundle } from '../testing/sample-bundle.ts';
import { compileRecordSchema } from './compile-record-schema.ts';
import { createRecordValidator, type RecordFieldError, type RecordValidationMode } from './record-validator.ts';

const bundle = sampleBundle();
const [account, opportunity, ticket] = bundle.objects as [(typeof bundle.objects)[0], (typeof bundle.objects)[0], (typeof bundle.objects)[0]];
const validators = {
  account: createRecordValidator(compileRecordSchema(account, bundle)),
  opportunity: createRecordValidator(compileRecordSchema(opportunity, bundle)),
  ticket: createRecordValidator(compileRecordSchema(ticket, bundle)),
};
const UUID = '0190d6f2-7c1a-7b3e-8f00-123456789abc';

function errors(object: keyof typeof validators, record: unknown, mode: RecordValidationMode = 'update'): Array<Pick<RecordFieldError, 'field' | 'code'>> {
  return validators[object].validate(record, mode).errors.map(({ field, code }) => ({ field, code }));
}

describe('compileRecordSchema', () => {
  const schema = compileRecordSchema(opportunity, bundle);

  it('is a 2020-12 document per object', () => {
    expect(schema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'atrium:object:opportunity',
      title: 'Opportunity',
      type: 'object',
      additionalProperties: false,
      'x-atrium': { objectId: 'obj_opportunity', apiName: 'opportunity' },
    });
  });

  it('requires required writable fields without defaults (master-detail always)', () => {
    expect(schema.required).toEqual(['name', 'account']);
  });

  it('marks read-only fields, allows null for optional ones, carries defaults and titles', () => {
    const properties = schema.properties as Record<string, Record<string, unknown>>;
    expect(properties.weightedAmount).toMatchObject({ readOnly: true, type: ['number', 'null'] });
    expect(properties.closeDate).toMatchObject({ type: ['string', 'null'], format: 'date', title: 'closeDate' });
    expect(properties.name).toMatchObject({ type: 'string' });
    expect(properties.stage).toMatchObject({ type: 'string', default: 'prospecting' });
    expect(properties.stage?.enum).not.toContain(null);
    expect(properties.account?.['x-atrium']).toEqual({ fieldId: 'fld_opp_account', type: 'masterDetail', target: 'obj_account', targetApiName: 'account' });
    expect(properties.id).toMatchObject({ readOnly: true, format: 'uuid' });
    expect(properties.ownerId?.readOnly).toBeUndefined();
    const industry = (compileRecordSchema(account, bundle).properties as Record<string, Record<string, unknown>>).industry;
    expect(industry).toMatchObject({ type: ['string', 'null'], enum: ['tech', 'retail', 'old', null] });
  });

  it('skips deleted fields and can leave out system fields', () => {
    const copy = structuredClone(ticket);
    item(copy.fields, 1).state = 'deleted';
    const properties = compileRecordSchema(copy, bundle, { systemFields: false }).properties as Record<string, unknown>;
    expect(Object.keys(properties)).not.toContain('subject');
    expect(Object.keys(properties)).not.toContain('id');
    expect(Object.keys(properties)).toHaveLength(ticket.fields.length - 1);
  });

  it('covers every field type in the sample', () => {
    const types = new Set(bundle.objects.flatMap((o) => o.fields.map((f) => f.type)));
    expect([...types].sort()).toEqual([...FIELD_TYPES].sort());
  });
});

describe('record validation', () => {
  it('accepts a full valid record of every field type', () => {
    const result = validators.ticket.validate(
      {
        subject: 'Printer on fire',
        body: 'Line 1\nLine 2',
        notes: '<p>Hi</p>',
        contactEmail: 'ada@example.com',
        contactPhone: '+1 (555) 010-2030 ext. 12',
        tags: ['bug', 'billing'],
        urgent: true,
        openedAt: '2024-03-01T10:00:00+01:00',
        score: 12.5,
        relatedAccounts: [UUID],
        payload: { any: ['json', 1, null] },
        account: UUID,
        ownerId: UUID,
      },
      'create',
    );
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    expect(
      validators.account.validate(
        {
          name: 'Acme',
          website: 'https://acme.example',
          industry: 'old',
          annualRevenue: { amount: 1250000.5, currency: 'EUR' },
          billingAddress: { street: '1 Main St', city: 'Springfield', state: null, postalCode: '12345', country: 'US' },
          parent: null,
          employees: 250,
        },
        'create',
      ).errors,
    ).toEqual([]);
    expect(
      validators.opportunity.validate(
        { name: 'Big deal', amount: { amount: 10 }, stage: 'proposal', closeDate: '2024-02-29', probability: 55.5, account: UUID, salesRep: UUID },
        'create',
      ).errors,
    ).toEqual([]);
  });

  it('applies defaults on create only', () => {
    expect(validators.opportunity.validate({ name: 'x', account: UUID }, 'create').record).toMatchObject({ stage: 'prospecting' });
    expect(validators.ticket.validate({ subject: 'x' }, 'create').record).toMatchObject({ urgent: false });
    expect(validators.ticket.validate({ subject: 'x' }, 'update').record).toEqual({ subject: 'x' });
  });

  it('enforces required fields on create, and refuses null for them on update', () => {
    expect(errors('opportunity', {}, 'create')).toEqual([
      { field: 'name', code: 'REQUIRED' },
      { field: 'account', code: 'REQUIRED' },
    ]);
    expect(errors('opportunity', {}, 'update')).toEqual([]);
    expect(errors('opportunity', { name: null, stage: null }, 'update')).toEqual([
      { field: 'name', code: 'REQUIRED' },
      { field: 'stage', code: 'REQUIRED' },
    ]);
    expect(validators.opportunity.validate({ name: null }, 'update').errors[0]?.message).toBe('is required and cannot be null');
    expect(errors('opportunity', { closeDate: null }, 'update')).toEqual([]);
  });

  it.each<[keyof typeof validators, Record<string, unknown>, string, RecordFieldError['code']]>([
    ['account', { name: 'x'.repeat(121) }, 'name', 'TOO_LONG'],
    ['account', { name: 12 }, 'name', 'INVALID_TYPE'],
    ['ticket', { body: 'x'.repeat(131_073) }, 'body', 'TOO_LONG'],
    ['ticket', { contactEmail: 'nope' }, 'contactEmail', 'INVALID_FORMAT'],
    ['ticket', { contactPhone: 'call me' }, 'contactPhone', 'INVALID_FORMAT'],
    ['account', { website: 'acme.example' }, 'website', 'INVALID_FORMAT'],
    ['account', { employees: 2.5 }, 'employees', 'INVALID_TYPE'],
    ['account', { employees: 2 ** 60 }, 'employees', 'OUT_OF_RANGE'],
    ['ticket', { score: 10_000 }, 'score', 'OUT_OF_RANGE'],
    ['ticket', { score: '12' }, 'score', 'INVALID_TYPE'],
    ['account', { annualRevenue: { amount: 5, currency: 'usd' } }, 'annualRevenue', 'INVALID_FORMAT'],
    ['account', { annualRevenue: { currency: 'USD' } }, 'annualRevenue', 'REQUIRED'],
    ['account', { annualRevenue: 5 }, 'annualRevenue', 'INVALID_TYPE'],
    ['account', { annualRevenue: { amount: 5, rate: 1 } }, 'annualRevenue', 'INVALID_VALUE'],
    ['opportunity', { probability: 1000 }, 'probability', 'OUT_OF_RANGE'],
    ['ticket', { urgent: 'yes' }, 'urgent', 'INVALID_TYPE'],
    ['opportunity', { closeDate: '2024-02-30' }, 'closeDate', 'INVALID_FORMAT'],
    ['opportunity', { closeDate: '2024-02-01T00:00:00Z' }, 'closeDate', 'INVALID_FORMAT'],
    ['ticket', { openedAt: '2024-03-01T10:00:00' }, 'openedAt', 'INVALID_FORMAT'],
    ['opportunity', { stage: 'won' }, 'stage', 'INVALID_VALUE'],
    ['ticket', { tags: ['bug', 'feature'] }, 'tags', 'INVALID_VALUE'],
    ['ticket', { tags: ['bug', 'bug'] }, 'tags', 'DUPLICATE_VALUE'],
    ['ticket', { tags: 'bug' }, 'tags', 'INVALID_TYPE'],
    ['account', { parent: 'acme' }, 'parent', 'INVALID_FORMAT'],
    ['opportunity', { account: null }, 'account', 'REQUIRED'],
    ['opportunity', { salesRep: 42 }, 'salesRep', 'INVALID_TYPE'],
    ['ticket', { relatedAccounts: [UUID, UUID] }, 'relatedAccounts', 'DUPLICATE_VALUE'],
    ['ticket', { relatedAccounts: ['x'] }, 'relatedAccounts', 'INVALID_FORMAT'],
    ['ticket', { number: 'CASE-0001' }, 'number', 'READ_ONLY'],
    ['opportunity', { weightedAmount: 5 }, 'weightedAmount', 'READ_ONLY'],
    ['account', { billingAddress: { city: 5 } }, 'billingAddress', 'INVALID_TYPE'],
    ['account', { billingAddress: { planet: 'Mars' } }, 'billingAddress', 'INVALID_VALUE'],
    ['account', { billingAddress: { street: 'x'.repeat(1001) } }, 'billingAddress', 'TOO_LONG'],
    ['account', { revenue: 5 }, 'revenue', 'UNKNOWN_FIELD'],
    ['account', { id: UUID }, 'id', 'READ_ONLY'],
    ['account', { ownerId: 'me' }, 'ownerId', 'INVALID_FORMAT'],
  ])('%s %j → %s %s', (object, record, field, code) => {
    expect(errors(object, record)).toEqual([{ field, code }]);
  });

  it('explains nested problems with their part', () => {
    const [error] = validators.account.validate({ annualRevenue: { amount: 'lots' } }, 'update').errors;
    expect(error).toEqual({ field: 'annualRevenue', code: 'INVALID_TYPE', message: 'amount: must be a number', path: '/annualRevenue/amount' });
    expect(validators.opportunity.validate({ stage: 'won' }, 'update').errors[0]?.message).toBe(
      'must be one of "prospecting", "proposal", "closedWon", "closedLost"',
    );
  });

  it('refuses a record that is not an object', () => {
    expect(errors('account', [1, 2])).toEqual([{ field: '', code: 'INVALID_RECORD' }]);
    expect(errors('account', null)).toEqual([{ field: '', code: 'INVALID_RECORD' }]);
  });

  it('does not modify the input', () => {
    const input = { name: 'x', account: UUID };
    validators.opportunity.validate(input, 'create');
    expect(input).toEqual({ name: 'x', account: UUID });
  });

  it('builds validators for two tenants with the same object name', () => {
    const other = structuredClone(opportunity);
    other.fields = other.fields.filter((f) => f.apiName !== 'salesRep');
    const second = createRecordValidator(compileRecordSchema(other, bundle));
    expect(second.validate({ salesRep: UUID }, 'update').errors[0]?.code).toBe('UNKNOWN_FIELD');
    expect(validators.opportunity.validate({ salesRep: UUID }, 'update').valid).toBe(true);
  });
});
