import { describe, expect, it } from 'vitest';
import { item } from '../testing/item.ts';
import { sampleBundle } from '../testing/sample-bundle.ts';
import { referencesToField } from './references-to-field.ts';
import { validateChange } from './validate-change.ts';

describe('referencesToField', () => {
  const bundle = sampleBundle();

  it('lists the name field, formulas through lookups and layouts', () => {
    expect(referencesToField(bundle, 'obj_account', 'name')).toEqual([
      'object "account" (its name field)',
      'formula field "accountName" of object "opportunity"',
      'layout "default" of object "account"',
    ]);
  });

  it('lists tracked fields, related lists, pipelines and validation rules', () => {
    expect(referencesToField(bundle, 'obj_opportunity', 'stage')).toEqual([
      'object "opportunity" (its tracked fields)',
      'related list of layout "default" of object "account"',
      'pipeline "sales" of object "opportunity"',
    ]);
    expect(referencesToField(bundle, 'obj_opportunity', 'amount')).toEqual([
      'object "opportunity" (its tracked fields)',
      'formula field "weightedAmount" of object "opportunity"',
      'related list of layout "default" of object "account"',
      'validation rule "amountPositive" of object "opportunity"',
    ]);
    expect(referencesToField(bundle, 'obj_opportunity', 'closeDate')).toEqual(['pipeline "sales" of object "opportunity"']);
    expect(referencesToField(bundle, 'obj_opportunity', 'account')).toEqual([
      'formula field "accountName" of object "opportunity"',
      'related list of layout "default" of object "account"',
    ]);
  });

  it('is empty for unused fields and unknown objects', () => {
    expect(referencesToField(bundle, 'obj_ticket', 'payload')).toEqual([]);
    expect(referencesToField(bundle, 'obj_nope', 'name')).toEqual([]);
  });
});

describe('validateChange', () => {
  it('accepts safe conversions and refuses others', () => {
    const before = sampleBundle();
    const after = sampleBundle();
    const subject = item(item(after.objects, 2).fields, 1);
    subject.type = 'longText';
    expect(validateChange(before, after)).toEqual([]);
    subject.type = 'integer';
    const problems = validateChange(before, after);
    expect(problems).toEqual([
      {
        path: '/objects/2/fields/1/type',
        code: 'UNSAFE_TYPE_CHANGE',
        message: 'field "subject" of object "ticket": a text field cannot safely become integer (it can become longText, richText, picklist)',
      },
    ]);
  });

  it('refuses a relation changing target and physical names changing', () => {
    const before = sampleBundle();
    item(before.objects, 0).table = 'account';
    item(item(before.objects, 0).fields, 0).columns = { value: 'name' };
    const after = structuredClone(before);
    item(item(after.objects, 2).fields, 12).config = { target: 'obj_opportunity', onDelete: 'restrict' };
    item(after.objects, 0).table = 'accounts';
    item(item(after.objects, 0).fields, 0).columns = { value: 'name_2' };
    expect(validateChange(before, after).map((p) => `${p.path} ${p.code}`)).toEqual([
      '/objects/0/table IMMUTABLE_CHANGE',
      '/objects/0/fields/0/columns/value IMMUTABLE_CHANGE',
      '/objects/2/fields/12/config/target UNSAFE_TYPE_CHANGE',
    ]);
  });
});
