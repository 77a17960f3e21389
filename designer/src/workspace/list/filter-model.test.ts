import { describe, expect, it } from 'vitest';
import { crmBundle, opportunity } from '../../testing/crm-fixture.ts';
import {
  buildFilter,
  completeConditions,
  conditionFilter,
  defaultOperator,
  type FilterCondition,
  operatorsFor,
  quickSearchFilter,
  sortParam,
} from './filter-model.ts';

const field = (name: string) => opportunity.fields.find((f) => f.apiName === name)!;
const c = (fieldName: string, operator: FilterCondition['operator'], value?: unknown): FilterCondition => ({
  id: `${fieldName}-${operator}`,
  field: fieldName,
  operator,
  value,
});

describe('the list filter in the API grammar', () => {
  it('offers each field the operators of its type, isNotNull after isNull', () => {
    expect(operatorsFor(field('name'))).toEqual(['eq', 'neq', 'in', 'notIn', 'contains', 'startsWith', 'endsWith', 'isNull', 'isNotNull']);
    expect(operatorsFor(field('closeDate'))).toContain('relative');
    expect(operatorsFor(field('products'))).toEqual(['containsAny', 'containsAll', 'isNull', 'isNotNull']);
    expect(defaultOperator(field('name'))).toBe('contains');
    expect(defaultOperator(field('stage'))).toBe('in');
  });

  it('turns conditions into field operators with typed values', () => {
    expect(conditionFilter(opportunity, c('amount', 'gte', '1000'))).toEqual({ amount: { gte: 1000 } });
    expect(conditionFilter(opportunity, c('stage', 'in', ['proposal', 'won']))).toEqual({ stage: { in: ['proposal', 'won'] } });
    expect(conditionFilter(opportunity, c('isPrivate', 'eq', 'true'))).toEqual({ isPrivate: { eq: true } });
    expect(conditionFilter(opportunity, c('closeDate', 'between', ['2025-01-01', '2025-03-31']))).toEqual({
      closeDate: { between: ['2025-01-01', '2025-03-31'] },
    });
    expect(conditionFilter(opportunity, c('closeDate', 'relative', 'thisQuarter'))).toEqual({ closeDate: { relative: 'thisQuarter' } });
    expect(conditionFilter(opportunity, c('account', 'eq', 'a-id'))).toEqual({ account: { eq: 'a-id' } });
    expect(conditionFilter(opportunity, c('notes', 'isNull'))).toEqual({ notes: { isNull: true } });
    expect(conditionFilter(opportunity, c('notes', 'isNotNull'))).toEqual({ notes: { isNull: false } });
    expect(conditionFilter(opportunity, c('name', 'contains', '  acme '))).toEqual({ name: { contains: 'acme' } });
  });

  it('leaves out incomplete or invalid conditions', () => {
    expect(conditionFilter(opportunity, c('amount', 'gte', ''))).toBeUndefined();
    expect(conditionFilter(opportunity, c('amount', 'gte', 'abc'))).toBeUndefined();
    expect(conditionFilter(opportunity, c('stage', 'in', []))).toBeUndefined();
    expect(conditionFilter(opportunity, c('closeDate', 'between', ['2025-01-01']))).toBeUndefined();
    expect(conditionFilter(opportunity, c('stage', 'contains', 'x'))).toBeUndefined();
    expect(conditionFilter(opportunity, c('gone', 'eq', 'x'))).toBeUndefined();
    expect(conditionFilter(opportunity, c('nope', 'eq', 'x'))).toBeUndefined();
  });

  it('joins conditions with and / or and narrows them by the quick search', () => {
    const conditions = [c('amount', 'gte', 1000), c('stage', 'in', ['proposal']), c('closeDate', 'gt', '')];
    expect(buildFilter(opportunity, conditions, 'all')).toEqual({ and: [{ amount: { gte: 1000 } }, { stage: { in: ['proposal'] } }] });
    expect(buildFilter(opportunity, conditions, 'any')).toEqual({ or: [{ amount: { gte: 1000 } }, { stage: { in: ['proposal'] } }] });
    expect(buildFilter(opportunity, [conditions[0]!], 'any')).toEqual({ amount: { gte: 1000 } });
    expect(buildFilter(opportunity, conditions, 'any', 'acme')).toEqual({
      and: [{ name: { contains: 'acme' } }, { or: [{ amount: { gte: 1000 } }, { stage: { in: ['proposal'] } }] }],
    });
    expect(buildFilter(opportunity, [], 'all', '   ')).toBeUndefined();
    expect(completeConditions(opportunity, conditions)).toBe(2);
  });

  it('searches an auto-number name with eq', () => {
    const bundle = crmBundle();
    const ticket = {
      ...bundle.objects[0]!,
      nameField: 'number',
      fields: [{ id: 'f', apiName: 'number', type: 'autoNumber' as const, label: { en: 'No.' }, config: { displayFormat: 'T-{0000}' } }],
    };
    expect(quickSearchFilter(ticket, 'T-0042')).toEqual({ number: { eq: 'T-0042' } });
  });

  it('sorts with REST sort parameters', () => {
    expect(sortParam('amount', 'descend')).toEqual(['-amount']);
    expect(sortParam('name', 'ascend')).toEqual(['name']);
    expect(sortParam('name', null)).toBeUndefined();
  });
});
