import { isAtriumError } from '@atrium/errors';
import { emptyBundle, type FieldDef, type MetadataBundle, type MetadataOperation } from '@atrium/metadata';
import { describe, expect, it } from 'vitest';
import { accountObject, dealObject } from '../testing/sample-objects.ts';
import { applyOperations } from './apply-operations.ts';

function bundle(): MetadataBundle {
  return applyOperations(emptyBundle(), [
    { op: 'createObject', object: accountObject() },
    { op: 'createObject', object: dealObject() },
  ]);
}

function field(next: MetadataBundle, id: string): FieldDef {
  const found = next.objects.flatMap((o) => o.fields).find((f) => f.id === id);
  if (!found) throw new Error(`no field ${id}`);
  return found;
}

function refusal(operations: MetadataOperation[]) {
  try {
    applyOperations(bundle(), operations);
  } catch (error) {
    if (isAtriumError(error)) return { code: error.code, details: error.details };
    throw error;
  }
  throw new Error('the change was accepted');
}

describe('updateField is a merge patch', () => {
  it('replaces the attributes it names and keeps the others', () => {
    const next = applyOperations(bundle(), [
      { op: 'updateField', object: 'obj_deal', field: 'fld_deal_amount', changes: { helpText: { en: 'Before tax' }, config: { scale: 4 } } },
    ]);
    expect(field(next, 'fld_deal_amount')).toMatchObject({ helpText: { en: 'Before tax' }, config: { precision: 18, scale: 4, defaultCurrency: 'USD' } });
  });

  it('removes an attribute or a config key given as null', () => {
    const withHelp = applyOperations(bundle(), [
      { op: 'updateField', object: 'obj_deal', field: 'fld_deal_amount', changes: { helpText: { en: 'Before tax' }, default: { amount: 1, currency: 'USD' } } },
    ]);
    const next = applyOperations(withHelp, [
      { op: 'updateField', object: 'obj_deal', field: 'fld_deal_amount', changes: { helpText: null, default: null, config: { defaultCurrency: null } } },
    ]);
    const amount = field(next, 'fld_deal_amount');
    expect(amount).not.toHaveProperty('helpText');
    expect(amount).not.toHaveProperty('default');
    expect(amount.config).toEqual({ precision: 18, scale: 2 });
  });

  it('refuses what other operations change, naming them, and what no field has', () => {
    const result = refusal([
      {
        op: 'updateField',
        object: 'obj_deal',
        field: 'fld_deal_phone',
        changes: { type: 'text', apiName: 'mobile', columns: { value: 'x' }, bogus: 1 } as never,
      },
    ]);
    expect(result.code).toBe('VALIDATION_FAILED');
    expect(result.details).toEqual([
      { path: '/operations/0/changes/type', code: 'INVALID_REQUEST', message: 'a type change is the changeFieldType operation' },
      { path: '/operations/0/changes/apiName', code: 'INVALID_REQUEST', message: 'a rename is the renameField operation' },
      expect.objectContaining({ path: '/operations/0/changes/columns', code: 'INVALID_REQUEST' }),
      expect.objectContaining({ path: '/operations/0/changes/bogus', code: 'INVALID_REQUEST' }),
    ]);
  });

  it('updateObject refuses fields and the platform’s attributes, and removes a description given as null', () => {
    const result = refusal([{ op: 'updateObject', object: 'obj_deal', changes: { fields: [], table: 'elsewhere' } as never }]);
    expect(result.details.map((d) => [d.path, d.code])).toEqual([
      ['/operations/0/changes/fields', 'INVALID_REQUEST'],
      ['/operations/0/changes/table', 'INVALID_REQUEST'],
    ]);
    const described = applyOperations(bundle(), [{ op: 'updateObject', object: 'obj_deal', changes: { description: 'Sales deals' } }]);
    const next = applyOperations(described, [{ op: 'updateObject', object: 'obj_deal', changes: { description: null } }]);
    expect(next.objects.find((o) => o.id === 'obj_deal')).not.toHaveProperty('description');
  });

  it('a required attribute given as null is refused by the meta-schema', () => {
    const result = refusal([{ op: 'updateField', object: 'obj_deal', field: 'fld_deal_phone', changes: { label: null } }]);
    expect(result.code).toBe('INVALID_METADATA');
    expect(JSON.stringify(result.details)).toContain('label');
  });
});
