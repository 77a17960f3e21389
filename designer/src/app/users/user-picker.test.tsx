import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from 'antd';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { DirectoryUser, UserDirectory } from './user-directory.ts';
import { userDirectory } from './user-directory.ts';
import { UserPicker } from './user-picker.tsx';

const people: DirectoryUser[] = [
  { id: 'u-ada', displayName: 'Ada Lovelace', email: 'ada@example.com', kind: 'user', active: true },
  { id: 'u-bob', displayName: 'Bob Rep', email: 'bob@example.com', kind: 'user', active: true },
  { id: 'u-cat', displayName: 'Cat Gone', email: 'cat@example.com', kind: 'user', active: false },
];

function fakeDirectory(): UserDirectory & { search: ReturnType<typeof vi.fn>; lookup: ReturnType<typeof vi.fn> } {
  return {
    search: vi.fn(async (text: string) =>
      people.filter((p) => p.active && (!text || `${p.displayName} ${p.email}`.toLowerCase().includes(text.toLowerCase()))),
    ),
    lookup: vi.fn(async (ids: readonly string[]) => people.filter((p) => ids.includes(p.id))),
  };
}

function Harness({ directory, initial, onChange }: { directory: UserDirectory; initial: string | null; onChange: (id: string | null) => void }) {
  const [value, setValue] = useState<string | null>(initial);
  return (
    <App>
      <UserPicker
        directory={directory}
        value={value}
        onChange={(id) => {
          setValue(id);
          onChange(id);
        }}
        placeholder="Search people"
        notFound="Nobody found."
        aria-label="Owner"
      />
    </App>
  );
}

describe('the user picker', () => {
  it('shows the current user by name, even one no longer active', async () => {
    const directory = fakeDirectory();
    render(<Harness directory={directory} initial="u-cat" onChange={() => {}} />);
    expect(await screen.findByText('Cat Gone')).toBeInTheDocument();
    expect(directory.lookup).toHaveBeenCalledWith(['u-cat']);
  });

  it('searches the directory as one types and picks by name', async () => {
    const directory = fakeDirectory();
    const onChange = vi.fn();
    render(<Harness directory={directory} initial={null} onChange={onChange} />);
    const input = screen.getByLabelText('Owner');
    fireEvent.mouseDown(input);
    // Opening lists the first members at once.
    expect(await screen.findByTestId('user-option-u-ada')).toHaveTextContent('Ada Lovelaceada@example.com');
    expect(screen.queryByTestId('user-option-u-cat')).not.toBeInTheDocument();
    fireEvent.change(input, { target: { value: 'bob' } });
    await waitFor(() => expect(directory.search).toHaveBeenLastCalledWith('bob'));
    await waitFor(() => expect(screen.queryByTestId('user-option-u-ada')).not.toBeInTheDocument());
    fireEvent.click(screen.getByTestId('user-option-u-bob'));
    expect(onChange).toHaveBeenCalledWith('u-bob');
  });

  it('says when nobody matches', async () => {
    const directory = fakeDirectory();
    render(<Harness directory={directory} initial={null} onChange={() => {}} />);
    const input = screen.getByLabelText('Owner');
    fireEvent.mouseDown(input);
    fireEvent.change(input, { target: { value: 'zed' } });
    await waitFor(() => expect(directory.search).toHaveBeenLastCalledWith('zed'));
    expect(await screen.findByText('Nobody found.')).toBeInTheDocument();
  });

  it('asks the tenant directory of the API for searches and ids', async () => {
    const request = vi.fn(async () => ({ data: [people[0]] }));
    const directory = userDirectory(request as never);
    expect(await directory.search(' ada ')).toEqual([people[0]]);
    expect(request).toHaveBeenLastCalledWith('GET', '/api/v1/users?limit=20&search=ada');
    await directory.lookup(['u-ada', 'u-bob']);
    expect(request).toHaveBeenLastCalledWith('GET', '/api/v1/users?ids=u-ada,u-bob');
    expect(await directory.lookup([])).toEqual([]);
    expect(request).toHaveBeenCalledTimes(2);
  });
});
