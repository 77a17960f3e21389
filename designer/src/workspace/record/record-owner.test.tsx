import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import type { Me } from '../../app/session/session-types.ts';
import { crmBundle } from '../../testing/crm-fixture.ts';
import { ADMIN, type Route as FakeRoute, fakeFetch, TestProviders } from '../../testing/test-providers.tsx';
import { RecordPage } from './record-page.tsx';

const ACCOUNT = '01900000-0000-7000-8000-0000000000a1';
const people = {
  me: { id: '00000000-0000-7000-8000-000000000001', displayName: 'Ada Admin', email: 'admin@example.com', kind: 'user', active: true },
  bob: { id: 'u-bob', displayName: 'Bob Rep', email: 'bob@example.com', kind: 'user', active: true },
  cat: { id: 'u-cat', displayName: 'Cat Field', email: 'cat@example.com', kind: 'user', active: true },
  erp: { id: 'k-erp', displayName: 'ERP sync', email: null, kind: 'apiKey', active: true },
};

/** A member who may read and edit accounts' names, and perhaps give them away. */
function member(system: string[]): Me {
  return {
    ...ADMIN,
    role: 'member',
    permissions: { all: false, system, objects: { account: { read: true, update: true, fields: { name: 'edit', employees: 'read' } } } },
  };
}

function renderAccount(me: Me, owner: string, extra: FakeRoute = () => undefined) {
  let record = { id: ACCOUNT, name: 'Acme', employees: 10, ownerId: owner, version: 3, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-02T00:00:00Z' };
  const fetch = fakeFetch(crmBundle(), me, (method, path, body) => {
    const answer = extra(method, path, body);
    if (answer !== undefined) return answer;
    if (method === 'GET' && path.startsWith(`/api/v1/data/account/${ACCOUNT}/history`)) return { data: [] };
    if (method === 'GET' && path.startsWith(`/api/v1/data/account/${ACCOUNT}`)) return record;
    if (method === 'PATCH' && path === `/api/v1/data/account/${ACCOUNT}`) {
      record = { ...record, ...(body as object), version: record.version + 1 };
      return record;
    }
    if (method === 'GET' && path.startsWith('/api/v1/users?ids=')) {
      const ids = decodeURIComponent(path.slice('/api/v1/users?ids='.length)).split(',');
      return { data: Object.values(people).filter((p) => ids.includes(p.id)) };
    }
    if (method === 'GET' && path.startsWith('/api/v1/users?')) return { data: [people.bob, people.cat] };
    return undefined;
  });
  render(
    <TestProviders bundle={crmBundle()} fetch={fetch} path={`/app/account/${ACCOUNT}`}>
      <Routes>
        <Route path="/app/:object/:id" element={<RecordPage />} />
        <Route path="/app/:object" element={<div>the account list</div>} />
      </Routes>
    </TestProviders>,
  );
  return fetch;
}

describe('a record’s owner', () => {
  it('shows the owner’s name from the tenant directory, and no way to change it without transferOwnership', async () => {
    const fetch = renderAccount(member([]), 'u-bob');
    const owner = await screen.findByTestId('record-owner');
    await waitFor(() => expect(owner).toHaveTextContent('Bob Rep'));
    expect(within(owner).queryByLabelText('Change owner')).not.toBeInTheDocument();
    // What the user may do comes from the summary: nothing was written to find out.
    expect(fetch.calls.filter((c) => c.method !== 'GET')).toEqual([]);
    expect(screen.getByRole('button', { name: /Edit/ })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Delete/ })).not.toBeInTheDocument();
  });

  it('names records owned by you and by API keys', async () => {
    renderAccount(member([]), 'k-erp');
    const owner = await screen.findByTestId('record-owner');
    await waitFor(() => expect(owner).toHaveTextContent('ERP sync (API key)'));
  });

  it('lets those with transferOwnership pick someone else, and saves it', async () => {
    const fetch = renderAccount(member(['transferOwnership']), people.me.id);
    const owner = await screen.findByTestId('record-owner');
    expect(owner).toHaveTextContent('You');
    fireEvent.click(within(owner).getByLabelText('Change owner'));
    const picker = await screen.findByTestId('record-owner-picker');
    fireEvent.mouseDown(within(picker).getByLabelText('Owner'));
    fireEvent.click(await screen.findByTestId('user-option-u-cat'));
    fireEvent.click(within(picker).getByText('Save').closest('button') as HTMLElement);
    await waitFor(() => expect(fetch.calls.some((c) => c.method === 'PATCH')).toBe(true));
    expect(fetch.calls.find((c) => c.method === 'PATCH')?.body).toEqual({ ownerId: 'u-cat' });
    expect(await screen.findByText('The record now belongs to Cat Field.')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('record-owner')).toHaveTextContent('Cat Field'));
  });

  it('goes back to the list when the new owner takes the record out of sight', async () => {
    let patched = false;
    renderAccount(member(['transferOwnership']), people.me.id, (method, path) => {
      if (method === 'PATCH') patched = true;
      if (patched && method === 'GET' && path === `/api/v1/data/account/${ACCOUNT}`)
        return new Response(JSON.stringify({ code: 'NOT_FOUND', detail: 'no account' }), { status: 404 });
      return undefined;
    });
    fireEvent.click(within(await screen.findByTestId('record-owner')).getByLabelText('Change owner'));
    const picker = await screen.findByTestId('record-owner-picker');
    fireEvent.mouseDown(within(picker).getByLabelText('Owner'));
    fireEvent.click(await screen.findByTestId('user-option-u-bob'));
    fireEvent.click(within(picker).getByText('Save').closest('button') as HTMLElement);
    expect(await screen.findByText('the account list')).toBeInTheDocument();
    expect(await screen.findByText('The record now belongs to Bob Rep; you no longer see it.')).toBeInTheDocument();
  });
});
