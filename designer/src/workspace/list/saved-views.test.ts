import { afterEach, describe, expect, it } from 'vitest';
import { opportunity } from '../../testing/crm-fixture.ts';
import {
  combineFilters,
  filterState,
  type LegacyView,
  legacyDefinition,
  loadLegacyViews,
  sortParams,
  storeLegacyViews,
  viewDefinition,
  viewState,
} from './saved-views.ts';

const strip = (state: ReturnType<typeof filterState>) => ({ ...state, conditions: state.conditions.map(({ id: _id, ...c }) => c) });

describe("a saved view's definition as the list's state", () => {
  it('shows plain conditions joined by and / or in the filter panel', () => {
    expect(strip(filterState(opportunity, { and: [{ amount: { gte: 1000 } }, { stage: { in: ['proposal'] } }] }))).toEqual({
      conditions: [
        { field: 'amount', operator: 'gte', value: 1000 },
        { field: 'stage', operator: 'in', value: ['proposal'] },
      ],
      match: 'all',
      fixed: [],
    });
    expect(strip(filterState(opportunity, { or: [{ name: { contains: 'big' } }, { closeDate: { isNull: false } }] }))).toEqual({
      conditions: [
        { field: 'name', operator: 'contains', value: 'big' },
        { field: 'closeDate', operator: 'isNotNull' },
      ],
      match: 'any',
      fixed: [],
    });
    // Several keys of one object are joined by and, as the API reads them.
    expect(strip(filterState(opportunity, { amount: { gte: 5 }, closeDate: { relative: 'thisQuarter' } })).conditions).toHaveLength(2);
    expect(filterState(opportunity, null)).toEqual({ conditions: [], match: 'all', fixed: [] });
  });

  it('keeps what the panel cannot show as it is, applied with the rest', () => {
    const throughLookup = { account: { name: { eq: 'Acme' } } };
    const twoOperators = { amount: { gte: 1, lte: 9 } };
    const deleted = { gone: { eq: 'x' } };
    const state = filterState(opportunity, { and: [throughLookup, { stage: { eq: 'won' } }, twoOperators, deleted] });
    expect(strip(state)).toEqual({
      conditions: [{ field: 'stage', operator: 'eq', value: 'won' }],
      match: 'all',
      fixed: [throughLookup, twoOperators, deleted],
    });
    expect(viewDefinition(opportunity, { columns: ['name'], sort: [], ...state }).filter).toEqual({
      and: [throughLookup, twoOperators, deleted, { stage: { eq: 'won' } }],
    });
    // An "or" that is not all plain conditions is kept whole.
    const mixed = { or: [{ stage: { eq: 'won' } }, throughLookup] };
    expect(filterState(opportunity, mixed)).toEqual({ conditions: [], match: 'all', fixed: [mixed] });
  });

  it('round-trips "any" next to kept parts', () => {
    const kept = { account: { name: { eq: 'Acme' } } };
    const state = {
      columns: ['name'],
      sort: [],
      conditions: filterState(opportunity, { or: [{ amount: { gt: 1 } }, { stage: { eq: 'won' } }] }).conditions,
      match: 'any' as const,
      fixed: [kept],
    };
    const filter = viewDefinition(opportunity, state).filter;
    expect(filter).toEqual({ and: [kept, { or: [{ amount: { gt: 1 } }, { stage: { eq: 'won' } }] }] });
    const again = filterState(opportunity, filter);
    expect(again.match).toBe('any');
    expect(again.fixed).toEqual([kept]);
    expect(again.conditions.map((c) => c.field)).toEqual(['amount', 'stage']);
  });

  it('uses the default columns for a view without columns, and REST sort parameters for its sort', () => {
    const state = viewState(
      opportunity,
      {
        columns: [],
        filter: null,
        sort: [
          { field: 'amount', direction: 'desc' },
          { field: 'name', direction: 'asc' },
        ],
      },
      ['name', 'stage'],
    );
    expect(state.columns).toEqual(['name', 'stage']);
    expect(sortParams(state.sort)).toEqual(['-amount', 'name']);
    expect(sortParams([])).toBeUndefined();
    expect(combineFilters([undefined, {}])).toBeUndefined();
    expect(combineFilters([{ a: 1 }])).toEqual({ a: 1 });
  });
});

describe("this browser's views from before", () => {
  afterEach(() => localStorage.clear());

  const legacy: LegacyView = {
    id: 'v1',
    name: 'Old view',
    columns: ['name', 'amount', 'gone', 'secret'],
    conditions: [
      { id: 'c1', field: 'amount', operator: 'gte', value: '1000' },
      { id: 'c2', field: 'gone', operator: 'eq', value: 'x' },
      { id: 'c3', field: 'stage', operator: 'in', value: [] },
    ],
    match: 'all',
    sort: { field: 'amount', direction: 'descend' },
  };

  it('become definitions of fields that exist and the user may read, complete conditions only', () => {
    expect(legacyDefinition(opportunity, legacy, (f) => f !== 'secret')).toEqual({
      columns: ['name', 'amount'],
      filter: { amount: { gte: 1000 } },
      sort: [{ field: 'amount', direction: 'desc' }],
    });
  });

  it('are read and forgotten per tenant and object', () => {
    storeLegacyViews('acme', 'opportunity', [legacy]);
    expect(loadLegacyViews('acme', 'opportunity')).toEqual([legacy]);
    expect(loadLegacyViews('other', 'opportunity')).toEqual([]);
    storeLegacyViews('acme', 'opportunity', []);
    expect(localStorage.getItem('atrium.views.acme.opportunity')).toBeNull();
    localStorage.setItem('atrium.views.acme.opportunity', 'not json');
    expect(loadLegacyViews('acme', 'opportunity')).toEqual([]);
  });
});
