import { configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import { crmBundle } from '../../testing/crm-fixture.ts';
import { ADMIN, fakeFetch, TestProviders } from '../../testing/test-providers.tsx';
import { ListPage } from './list-page.tsx';

// The list renders a table of antd components: slow on a busy machine, so waits are generous.
configure({ asyncUtilTimeout: 15_000 });

const records = [
  {
    id: '0190a0a0-0000-7000-8000-000000000001',
    name: 'Big deal',
    stage: 'proposal',
    amount: { amount: 5000, currency: 'EUR' },
    closeDate: '2025-06-30',
    account: null,
    version: 1,
  },
  { id: '0190a0a0-0000-7000-8000-000000000002', name: 'Small deal', stage: 'prospecting', amount: null, closeDate: null, account: null, version: 3 },
];

function listCalls(fetch: ReturnType<typeof fakeFetch>) {
  return fetch.calls.filter((c) => c.method === 'GET' && c.path.startsWith('/api/v1/data/opportunity?'));
}

function filterOf(path: string): unknown {
  const value = new URLSearchParams(path.split('?')[1]).get('filter');
  return value ? JSON.parse(value) : undefined;
}

/** Opens an antd Select by its accessible name and clicks the option with this text. */
async function choose(label: string | HTMLElement, option: string) {
  const select = typeof label === 'string' ? screen.getByRole('combobox', { name: label }) : label;
  fireEvent.mouseDown(select);
  // The option in the dropdown that is open now (closed ones stay in the document, hidden).
  const item = await waitFor(() => {
    const open = [...document.querySelectorAll<HTMLElement>('.ant-select-dropdown')].filter((d) => !d.className.includes('-hidden'));
    const found = open.flatMap((d) => [...d.querySelectorAll<HTMLElement>('.ant-select-item-option')]).find((el) => el.textContent === option);
    if (!found) throw new Error(`no option ${option}`);
    return found;
  });
  fireEvent.click(item);
  fireEvent.keyDown(select, { key: 'Escape' });
}

describe('the list view', () => {
  it('lists records and sends the filter the user builds in the API grammar', async () => {
    const fetch = fakeFetch(crmBundle(), ADMIN, (method, path) => {
      if (method === 'GET' && path.startsWith('/api/v1/views?')) return { data: [], canShare: true };
      return method === 'GET' && path.startsWith('/api/v1/data/opportunity?') ? { data: records, hasMore: false, nextCursor: null, totalCount: 2 } : undefined;
    });
    render(
      <TestProviders bundle={crmBundle()} fetch={fetch} path="/app/opportunity">
        <Routes>
          <Route path="/app/:object" element={<ListPage />} />
        </Routes>
      </TestProviders>,
    );
    expect(await screen.findByRole('link', { name: 'Big deal' }, { timeout: 20_000 })).toBeInTheDocument();
    expect(screen.getByText('2 records')).toBeInTheDocument();
    const first = listCalls(fetch)[0]!;
    expect(first.path).toContain('limit=50');
    expect(first.path).toContain('count=true');
    expect(filterOf(first.path)).toBeUndefined();

    // A condition on the amount: field, operator, value.
    fireEvent.click(screen.getByRole('button', { name: /Filters/ }));
    fireEvent.click(await screen.findByRole('button', { name: /Add a condition/ }));
    await choose('Field 1', 'Amount');
    await choose('Operator 1', 'at least');
    const value = screen.getByRole('spinbutton', { name: 'Value 1' });
    fireEvent.change(value, { target: { value: '1000' } });
    await waitFor(() => expect(filterOf(listCalls(fetch).at(-1)!.path)).toEqual({ amount: { gte: 1000 } }), { timeout: 15_000 });

    // A second one, matched with "any", and the quick search on the name.
    fireEvent.click(screen.getByRole('button', { name: /Add a condition/ }));
    await choose('Field 2', 'Stage');
    // A picklist's values: a multiple select (in the second row, third input).
    await choose(within(screen.getAllByTestId('filter-row')[1]!).getAllByRole('combobox')[2]!, 'Proposal');
    await waitFor(() => expect(filterOf(listCalls(fetch).at(-1)!.path)).toEqual({ and: [{ amount: { gte: 1000 } }, { stage: { in: ['proposal'] } }] }), {
      timeout: 15_000,
    });
    fireEvent.click(screen.getByText('Any condition'));
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search Opportunities…' }), { target: { value: 'big' } });
    await waitFor(
      () =>
        expect(filterOf(listCalls(fetch).at(-1)!.path)).toEqual({
          and: [{ name: { contains: 'big' } }, { or: [{ amount: { gte: 1000 } }, { stage: { in: ['proposal'] } }] }],
        }),
      { timeout: 15_000 },
    );
    const rows = screen.getAllByRole('row');
    expect(within(rows[1]!).getByText('Proposal')).toBeInTheDocument();
  }, 120_000);

  it('hides what a member may not see or do: no New button, no edit pencils, no selection', async () => {
    const member = {
      ...ADMIN,
      role: 'member',
      permissions: { objects: { opportunity: { read: true, fields: { name: 'read' as const, stage: 'read' as const } } } },
    };
    const fetch = fakeFetch(crmBundle(), member, (method, path) =>
      method === 'GET' && path.startsWith('/api/v1/data/opportunity?')
        ? { data: records.map(({ id, name, stage, version }) => ({ id, name, stage, version })), hasMore: false, nextCursor: null, totalCount: 2 }
        : undefined,
    );
    render(
      <TestProviders bundle={crmBundle()} me={member} fetch={fetch} path="/app/opportunity">
        <Routes>
          <Route path="/app/:object" element={<ListPage />} />
        </Routes>
      </TestProviders>,
    );
    expect(await screen.findByRole('link', { name: 'Big deal' }, { timeout: 20_000 })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /New Opportunity/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Edit / })).toBeNull();
    expect(screen.queryByRole('checkbox')).toBeNull();
    expect(screen.queryByRole('columnheader', { name: /Amount/ })).toBeNull();
    expect(screen.getByRole('columnheader', { name: /Stage/ })).toBeInTheDocument();
  });
});
