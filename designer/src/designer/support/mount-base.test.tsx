import { render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import { useMountBase } from './mount-base.ts';

function Base() {
  return <output>{useMountBase()}</output>;
}

describe('the designer’s mount path', () => {
  it.each([
    ['/designer', '/designer'],
    ['/designer/', '/designer'],
    ['/designer/objects/new', '/designer'],
    ['/designer/objects/project/fields/fld_1', '/designer'],
    ['/designer/permissions/roles', '/designer'],
  ])('at %s it is %s', (path, base) => {
    render(
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path="/designer/*" element={<Base />} />
        </Routes>
      </MemoryRouter>,
    );
    expect(screen.getByRole('status')).toHaveTextContent(base);
  });

  it('follows wherever the shell mounts it', () => {
    render(
      <MemoryRouter initialEntries={['/admin/designer/objects/account/layouts']}>
        <Routes>
          <Route path="/admin/designer/*" element={<Base />} />
        </Routes>
      </MemoryRouter>,
    );
    expect(screen.getByRole('status')).toHaveTextContent('/admin/designer');
  });
});
