import type { SavedView } from '@atrium/client';
import { configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes, useLocation } from 'react-router-dom';
import { afterEach, describe, expect, it } from 'vitest';
import type { Locale } from '../../app/i18n/i18n-context.tsx';
import { crmBundle } from '../../testing/crm-fixture.ts';
import { ADMIN, fakeFetch, TestProviders } from '../../testing/test-providers.tsx';
import { ListPage } from './list-page.tsx';

// The list renders a table of antd components: slow on a busy machine, so waits are generous.
configure({ asyncUtilTimeout: 15_000 });

const records = [
  { id: '0190a0a0-0000-7000-8000-000000000001', name: 'Big deal', stage: 'proposal', amount: { amount: 5000, currency: 'EUR' }, closeDate: null, version: 1 },
];

function view(id: string, name: string, extra: Partial<SavedView> = {}): SavedView {
  return {
    id,
    object: 'opportunity',
    name,
    visibility: 'private',
    definition: { columns: ['name', 'amount'], filter: { amount: { gte: 1000 } }, sort: [{ field: 'amount', direction: 'desc' }] },
    position: 0,
    ownerId: ADMIN.user!.id,
    mine: true,
    canEdit: true,
    omitted: [],
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
    version: 1,
    ...extra,
  };
}

const BIG = '0190a0a0-0000-7000-8000-0000000000b1';
const TEAM = '0190a0a0-0000-7000-8000-0000000000b2';

/** A fake server: records, and views kept in memory as the API keeps them. */
function server(options: { views?: SavedView[]; canShare?: boolean; viewsFail?: boolean; conflict?: boolean } = {}) {
  const views = [...(options.views ?? [])];
  let next = 0;
  const fetch = fakeFetch(crmBundle(), ADMIN, (method, path, body) => {
    if (method === 'GET' && path.startsWith('/api/v1/data/opportunity?')) return { data: records, hasMore: false, nextCursor: null, totalCount: 1 };
    if (method === 'GET' && path === '/api/v1/views?object=opportunity') {
      if (options.viewsFail) return new Response(JSON.stringify({ code: 'INTERNAL', detail: 'the database is away' }), { status: 500 });
      return { data: views, canShare: options.canShare ?? true };
    }
    if (method === 'POST' && path === '/api/v1/views') {
      const input = body as { name: string; visibility?: 'private' | 'everyone'; definition: Partial<SavedView['definition']> };
      const created = view(`0190a0a0-0000-7000-8000-00000000010${next++}`, input.name, {
        visibility: input.visibility ?? 'private',
        definition: { columns: [], filter: null, sort: [], ...input.definition },
      });
      views.push(created);
      return new Response(JSON.stringify(created), { status: 201, headers: { 'content-type': 'application/json' } });
    }
    const one = /^\/api\/v1\/views\/([^/?]+)$/.exec(path);
    const found = one ? views.find((v) => v.id === one[1]) : undefined;
    if (found && method === 'PATCH') {
      if (options.conflict) return new Response(JSON.stringify({ code: 'CONFLICT', detail: 'the view changed since version 1' }), { status: 409 });
      const changes = body as Partial<SavedView>;
      Object.assign(found, { ...changes, definition: { ...found.definition, ...changes.definition }, version: found.version + 1 });
      return found;
    }
    if (found && method === 'DELETE') {
      views.splice(views.indexOf(found), 1);
      return new Response(null, { status: 204 });
    }
    return undefined;
  });
  return { fetch, views };
}

function listCalls(fetch: ReturnType<typeof fakeFetch>) {
  return fetch.calls.filter((c) => c.method === 'GET' && c.path.startsWith('/api/v1/data/opportunity?')).map((c) => new URLSearchParams(c.path.split('?')[1]));
}

function Where() {
  const location = useLocation();
  return <output data-testid="location">{`${location.pathname}${location.search}`}</output>;
}

function renderList(fetch: ReturnType<typeof fakeFetch>, path = '/app/opportunity', locale: Locale = 'en') {
  return render(
    <TestProviders bundle={crmBundle()} fetch={fetch} path={path} locale={locale}>
      <Routes>
        <Route
          path="/app/:object"
          element={
            <>
              <ListPage />
              <Where />
            </>
          }
        />
      </Routes>
    </TestProviders>,
  );
}

async function chooseView(name: string) {
  const select = screen.getByRole('combobox', { name: 'Views' });
  fireEvent.mouseDown(select);
  const option = await waitFor(() => {
    const found = [...document.querySelectorAll<HTMLElement>('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')].find(
      (el) => el.textContent === name,
    );
    if (!found) throw new Error(`no view option ${name}`);
    return found;
  });
  fireEvent.click(option);
}

/** The open dialog with this title. */
async function dialogTitled(title: string): Promise<HTMLElement> {
  return waitFor(() => {
    const found = screen.getAllByRole('dialog').find((d) => within(d).queryAllByText(title).length > 0);
    if (!found) throw new Error(`no dialog ${title}`);
    return found;
  });
}

const location = () => screen.getByTestId('location').textContent;

afterEach(() => localStorage.clear());

describe('saved views in the list', () => {
  it('applies a view chosen from the server: its filter, sort and columns, and puts it in the URL', async () => {
    const { fetch } = server({ views: [view(BIG, 'Big deals')] });
    renderList(fetch);
    expect(await screen.findByRole('link', { name: 'Big deal' }, { timeout: 20_000 })).toBeInTheDocument();
    expect(listCalls(fetch)[0]?.get('filter')).toBeNull();
    await chooseView('Big deals');
    await waitFor(() => expect(location()).toBe(`/app/opportunity?view=${BIG}`));
    await waitFor(() => {
      const last = listCalls(fetch).at(-1)!;
      expect(JSON.parse(last.get('filter') ?? 'null')).toEqual({ amount: { gte: 1000 } });
      expect(last.get('sort')).toBe('-amount');
    });
    // Its columns, and its condition in the filter panel.
    expect(screen.getByRole('columnheader', { name: /Amount/ })).toBeInTheDocument();
    expect(screen.queryByRole('columnheader', { name: /Stage/ })).toBeNull();
    expect(screen.getAllByTestId('filter-row')).toHaveLength(1);
  }, 60_000);

  it('offers "save as" only for a shared view of someone else, and goes back to All records', async () => {
    const { fetch } = server({ views: [view(TEAM, 'Team view', { visibility: 'everyone', mine: false, canEdit: false })] });
    renderList(fetch, `/app/opportunity?view=${TEAM}`);
    expect(await screen.findByRole('link', { name: 'Big deal' }, { timeout: 20_000 })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Save as a new view/ })).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'More view actions' }));
    expect(await screen.findByText('Save as a new view', { selector: '.ant-dropdown-menu-title-content' })).toBeInTheDocument();
    expect(screen.queryByText('Delete this view')).toBeNull();
    expect(screen.queryByText(/Rename/)).toBeNull();
    await chooseView('All records');
    await waitFor(() => expect(location()).toBe('/app/opportunity'));
    await waitFor(() => expect(listCalls(fetch).at(-1)!.get('filter')).toBeNull());
  }, 60_000);

  it('opens a linked view with its filter from the first request', async () => {
    const { fetch } = server({ views: [view(BIG, 'Big deals')] });
    renderList(fetch, `/app/opportunity?view=${BIG}`);
    expect(await screen.findByRole('link', { name: 'Big deal' }, { timeout: 20_000 })).toBeInTheDocument();
    const calls = listCalls(fetch);
    expect(JSON.parse(calls[0]?.get('filter') ?? 'null')).toEqual({ amount: { gte: 1000 } });
    expect(calls[0]?.get('sort')).toBe('-amount');
  }, 60_000);

  it('falls back to All records for a view that is gone', async () => {
    const { fetch } = server({ views: [] });
    renderList(fetch, `/app/opportunity?view=${BIG}`);
    expect(await screen.findByText(/does not exist or is not shared with you/, undefined, { timeout: 20_000 })).toBeInTheDocument();
    await waitFor(() => expect(location()).toBe('/app/opportunity'));
    expect(listCalls(fetch).every((c) => c.get('filter') === null)).toBe(true);
  }, 60_000);

  it('saves the list as a new view shared with everyone', async () => {
    const { fetch, views } = server({ canShare: true });
    renderList(fetch);
    expect(await screen.findByRole('link', { name: 'Big deal' }, { timeout: 20_000 })).toBeInTheDocument();
    fireEvent.click(screen.getByRole('columnheader', { name: /Amount/ }));
    await waitFor(() => expect(listCalls(fetch).at(-1)!.get('sort')).toBe('amount'));
    fireEvent.click(screen.getByRole('button', { name: /Save as a new view/ }));
    const dialog = await dialogTitled('Save as a new view');
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'View name' }), { target: { value: 'Pipeline' } });
    fireEvent.click(within(dialog).getByRole('switch', { name: 'Shared with everyone' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(views).toHaveLength(1));
    const post = fetch.calls.find((c) => c.method === 'POST' && c.path === '/api/v1/views')!;
    expect(post.body).toMatchObject({
      object: 'opportunity',
      name: 'Pipeline',
      visibility: 'everyone',
      definition: { filter: null, sort: [{ field: 'amount', direction: 'asc' }] },
    });
    expect((post.body as { definition: { columns: string[] } }).definition.columns).toContain('name');
    await waitFor(() => expect(location()).toBe(`/app/opportunity?view=${views[0]!.id}`));
  }, 60_000);

  it('saves changes into the chosen view with the version it was read at, and renames it', async () => {
    const { fetch, views } = server({ views: [view(BIG, 'Pipeline', { visibility: 'everyone' })], canShare: true });
    renderList(fetch, `/app/opportunity?view=${BIG}`);
    expect(await screen.findByRole('link', { name: 'Big deal' }, { timeout: 20_000 })).toBeInTheDocument();
    // Sorted the other way: "Save view" writes it into the view.
    fireEvent.click(screen.getByRole('columnheader', { name: /Amount/ }));
    await waitFor(() => expect(listCalls(fetch).at(-1)!.get('sort')).toBeNull());
    fireEvent.click(screen.getByRole('button', { name: /Save view/ }));
    await waitFor(() => expect(fetch.calls.some((c) => c.method === 'PATCH')).toBe(true));
    expect(fetch.calls.find((c) => c.method === 'PATCH')!.body).toEqual({
      definition: { columns: ['name', 'amount'], filter: { amount: { gte: 1000 } }, sort: [] },
      expectedVersion: 1,
    });
    // Rename (and keep it shared).
    fireEvent.click(screen.getByRole('button', { name: 'More view actions' }));
    fireEvent.click(await screen.findByText('Rename or share this view'));
    const rename = await dialogTitled('Rename or share this view');
    const name = within(rename).getByRole('textbox', { name: 'View name' });
    expect(name).toHaveValue('Pipeline');
    expect(within(rename).getByRole('switch', { name: 'Shared with everyone' })).toBeChecked();
    fireEvent.change(name, { target: { value: 'Team pipeline' } });
    fireEvent.click(within(rename).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(views[0]!.name).toBe('Team pipeline'));
    expect(fetch.calls.filter((c) => c.method === 'PATCH').at(-1)!.body).toEqual({ name: 'Team pipeline', expectedVersion: 2 });
  }, 60_000);

  it('deletes the chosen view once confirmed, and shows All records', async () => {
    const { fetch, views } = server({ views: [view(BIG, 'Team pipeline', { visibility: 'everyone' })], canShare: true });
    renderList(fetch, `/app/opportunity?view=${BIG}`);
    expect(await screen.findByRole('link', { name: 'Big deal' }, { timeout: 20_000 })).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'More view actions' }));
    fireEvent.click(await screen.findByText('Delete this view', { selector: '.ant-dropdown-menu-title-content' }));
    const confirm = await dialogTitled('Delete the view “Team pipeline”?');
    expect(within(confirm).getByText(/It is shared/)).toBeInTheDocument();
    fireEvent.click(within(confirm).getByRole('button', { name: 'Delete this view' }));
    await waitFor(() => expect(views).toHaveLength(0));
    await waitFor(() => expect(location()).toBe('/app/opportunity'));
    await waitFor(() => expect(listCalls(fetch).at(-1)!.get('filter')).toBeNull());
  }, 60_000);

  it('offers no sharing to users who may not share, and says when the view changed elsewhere', async () => {
    const { fetch } = server({ views: [view(BIG, 'Big deals')], canShare: false, conflict: true });
    renderList(fetch, `/app/opportunity?view=${BIG}`);
    expect(await screen.findByRole('link', { name: 'Big deal' }, { timeout: 20_000 })).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'More view actions' }));
    fireEvent.click(await screen.findByText('Rename this view'));
    const dialog = await dialogTitled('Rename this view');
    expect(within(dialog).queryByRole('switch')).toBeNull();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    fireEvent.click(screen.getByRole('button', { name: /Save view/ }));
    expect(await screen.findByText(/changed elsewhere meanwhile/)).toBeInTheDocument();
    // And reloads the views.
    await waitFor(() => expect(fetch.calls.filter((c) => c.path === '/api/v1/views?object=opportunity').length).toBeGreaterThan(1));
  }, 60_000);

  it('says when parts of a view are left out, and applies conditions the panel cannot show until removed', async () => {
    const lookup = { account: { name: { eq: 'Acme' } } };
    const partial = view(BIG, 'Acme deals', {
      definition: { columns: ['name'], filter: { and: [lookup, { amount: { gte: 10 } }] }, sort: [] },
      omitted: [{ part: 'columns', reason: 'hidden' }],
    });
    const { fetch } = server({ views: [partial] });
    renderList(fetch, `/app/opportunity?view=${BIG}`);
    expect(await screen.findByText(/Parts of this view \(1\) are not shown/, undefined, { timeout: 20_000 })).toBeInTheDocument();
    expect(screen.getByText(/also filters by 1 condition/)).toBeInTheDocument();
    expect(JSON.parse(listCalls(fetch)[0]?.get('filter') ?? 'null')).toEqual({ and: [lookup, { amount: { gte: 10 } }] });
    expect(screen.getAllByTestId('filter-row')).toHaveLength(1);
    fireEvent.click(screen.getByRole('button', { name: 'Remove them' }));
    await waitFor(() => expect(JSON.parse(listCalls(fetch).at(-1)?.get('filter') ?? 'null')).toEqual({ amount: { gte: 10 } }));
  }, 60_000);

  it('moves the views this browser kept into the account, once', async () => {
    localStorage.setItem(
      'atrium.views.acme.opportunity',
      JSON.stringify([
        {
          id: 'v1',
          name: 'Old big deals',
          columns: ['name', 'amount'],
          conditions: [{ id: 'c1', field: 'amount', operator: 'gte', value: 500 }],
          match: 'all',
        },
      ]),
    );
    const { fetch, views } = server();
    renderList(fetch);
    expect(await screen.findByText(/Views saved in this browser \(1\) were moved to your account/, undefined, { timeout: 20_000 })).toBeInTheDocument();
    expect(views.map((v) => v.name)).toEqual(['Old big deals']);
    expect(fetch.calls.find((c) => c.method === 'POST')!.body).toEqual({
      object: 'opportunity',
      name: 'Old big deals',
      visibility: 'private',
      definition: { columns: ['name', 'amount'], filter: { amount: { gte: 500 } }, sort: [] },
    });
    expect(localStorage.getItem('atrium.views.acme.opportunity')).toBeNull();
    await chooseView('Old big deals');
    await waitFor(() => expect(JSON.parse(listCalls(fetch).at(-1)!.get('filter') ?? 'null')).toEqual({ amount: { gte: 500 } }));
  }, 60_000);

  it('still lists records when the views cannot be loaded, with a way to try again (in Chinese too)', async () => {
    const { fetch } = server({ viewsFail: true });
    renderList(fetch, '/app/opportunity', 'zh-CN');
    expect(await screen.findByRole('link', { name: 'Big deal' }, { timeout: 20_000 })).toBeInTheDocument();
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('无法加载已保存的视图。');
    expect(alert).toHaveTextContent('the database is away');
    fireEvent.click(within(alert).getByRole('button', { name: '重 试' }));
    await waitFor(() => expect(fetch.calls.filter((c) => c.path === '/api/v1/views?object=opportunity')).toHaveLength(2));
  }, 60_000);
});
