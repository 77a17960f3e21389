import { describe, expect, it } from 'vitest';
import type { TenantModel } from '../model/tenant-model.ts';
import { ComponentNames } from './component-names.ts';

const model = (...apiNames: string[]) => ({ objects: new Map(apiNames.map((apiName) => [apiName, { apiName }])) }) as unknown as TenantModel;

describe('ComponentNames', () => {
  it('names an object’s components after its GraphQL type name', () => {
    const names = new ComponentNames(model('salesOrder'), ['Problem']);
    expect(names.of('salesOrder')).toEqual({
      type: 'SalesOrder',
      input: 'SalesOrderInput',
      updateInput: 'SalesOrderUpdateInput',
      list: 'SalesOrderList',
      filter: 'SalesOrderFilter',
      conditions: 'SalesOrderConditions',
      listFilter: 'SalesOrderListFilter',
    });
    expect(names.sharedName('Problem')).toBe('Problem');
  });

  it('lets objects keep their own names: derived and shared names that clash get a suffix', () => {
    const names = new ComponentNames(model('deal', 'dealConditions', 'problem'), ['Problem', 'StringFilter']);
    expect(names.of('dealConditions').type).toBe('DealConditions');
    expect(names.of('deal').conditions).toBe('DealConditions_2');
    expect(names.of('problem').type).toBe('Problem');
    expect(names.sharedName('Problem')).toBe('Problem_2');
    expect(names.sharedName('StringFilter')).toBe('StringFilter');
    expect(() => names.sharedName('Nope')).toThrow();
    expect(() => names.of('nope')).toThrow();
  });
});
