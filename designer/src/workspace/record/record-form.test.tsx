import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import { crmBundle } from '../../testing/crm-fixture.ts';
import { ADMIN, fakeFetch, TestProviders } from '../../testing/test-providers.tsx';
import { RecordCreatePage } from './record-page.tsx';

function renderCreate(route: Parameters<typeof fakeFetch>[2]) {
  const fetch = fakeFetch(crmBundle(), ADMIN, route);
  render(
    <TestProviders bundle={crmBundle()} fetch={fetch} path="/app/opportunity/new">
      <Routes>
        <Route path="/app/:object/new" element={<RecordCreatePage />} />
        <Route path="/app/:object/:id" element={<div>record page</div>} />
      </Routes>
    </TestProviders>,
  );
  return fetch;
}

/** The form item (label, input, help) of a field, by its label. */
function item(label: string): HTMLElement {
  return screen.getByText(label, { selector: 'label' }).closest('.ant-form-item') as HTMLElement;
}

describe('the record form', () => {
  it('lays the fields out in the layout’s sections, in order, with the schema’s labels', async () => {
    renderCreate(() => undefined);
    await screen.findByRole('button', { name: 'Create' }, { timeout: 8000 });
    const main = screen.getByText('Main').closest('.ant-card') as HTMLElement;
    const labels = within(main)
      .getAllByText((_, el) => el?.tagName === 'LABEL')
      .map((l) => l.textContent);
    // Create mode: the computed `score` is left out; `secret` is on the layout.
    expect(labels).toEqual(['Name', 'Stage', 'Account', 'Amount', 'Close date', 'Secret']);
    expect(main.querySelector('.atrium-section-grid')?.getAttribute('style')).toContain('repeat(2, minmax(0, 1fr))');
    // The collapsed section and the required field missing from the layout.
    expect(screen.getByText('More')).toBeInTheDocument();
    expect(within(screen.getByText('Other fields').closest('.ant-card') as HTMLElement).getByText('Code')).toBeInTheDocument();
    // Keyboard: the first input has the focus, labels point at their inputs.
    expect(screen.getByLabelText('Name')).toHaveFocus();
  });

  it('shows schema errors, the validation rule’s message and the server’s problems at their fields', async () => {
    let posted: unknown;
    const fetch = renderCreate((method, path, body) => {
      if (method === 'POST' && path === '/api/v1/data/opportunity') {
        posted = body;
        return new Response(
          JSON.stringify({
            code: 'VALIDATION_FAILED',
            detail: 'the opportunity is not valid',
            errors: [{ path: '/input/code', code: 'DUPLICATE', message: 'code is already taken' }],
          }),
          { status: 400, headers: { 'content-type': 'application/problem+json' } },
        );
      }
      return undefined;
    });
    await screen.findByRole('button', { name: 'Create' }, { timeout: 8000 });

    // Nothing filled in: the required fields say so, nothing is sent.
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(within(item('Name')).getByRole('alert')).toHaveTextContent('is required'));
    expect(within(item('Code')).getByRole('alert')).toHaveTextContent('is required');

    // A negative amount breaks the object's validation rule (json-logic, in the browser).
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Deal' } });
    fireEvent.change(screen.getByLabelText('Code'), { target: { value: 'D-1' } });
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Amount' }), { target: { value: '-5' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(within(item('Amount')).getByRole('alert')).toHaveTextContent('The amount must not be negative.'));
    expect(fetch.calls.some((c) => c.method === 'POST')).toBe(false);

    // Valid in the browser; the server refuses the code: its message shows at the field.
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Amount' }), { target: { value: '5000' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(within(item('Code')).getByRole('alert')).toHaveTextContent('code is already taken'));
    expect(posted).toEqual({ name: 'Deal', code: 'D-1', stage: 'prospecting', amount: { amount: 5000, currency: 'EUR' } });
    const csrf = fetch.calls.find((c) => c.method === 'POST');
    expect(csrf).toBeDefined();
  });
});
