import { Select, Spin, Typography } from 'antd';
import { type CSSProperties, useEffect, useMemo, useRef, useState } from 'react';
import type { DirectoryUser, UserDirectory } from './user-directory.ts';

interface Props {
  /** The tenant's directory (`useUserDirectory()`; tests pass a fake). */
  directory: UserDirectory;
  /** The chosen user's id. */
  value: string | null | undefined;
  onChange(id: string | null, user: DirectoryUser | undefined): void;
  placeholder?: string;
  /** Shown when a search finds nobody. */
  notFound?: string;
  disabled?: boolean;
  allowClear?: boolean;
  autoFocus?: boolean;
  style?: CSSProperties;
  'aria-label'?: string;
}

/**
 * Picks a member of the tenant by name or email, searching its directory as one types (active
 * members only, 20 at a time); the current value shows its name, even for someone no longer
 * active. Only the tenant's own members can ever be offered: the server's directory is bound to
 * the caller's tenant.
 */
export function UserPicker({ directory, value, onChange, placeholder, notFound, disabled, allowClear, autoFocus, style, ...rest }: Props) {
  const [options, setOptions] = useState<DirectoryUser[]>([]);
  const [known, setKnown] = useState<Map<string, DirectoryUser>>(() => new Map());
  const [loading, setLoading] = useState(false);
  const [searched, setSearched] = useState(false);
  const request = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  /** A search was asked for (opening lists the first members only when none was). */
  const asked = useRef(false);

  // The current value's name.
  useEffect(() => {
    if (!value || known.has(value)) return;
    let cancelled = false;
    directory
      .lookup([value])
      .then((found) => {
        if (!cancelled && found[0]) setKnown((k) => new Map(k).set(found[0]?.id as string, found[0] as DirectoryUser));
      })
      .catch(() => {});
    return () => {
      cancelled = true;
    };
  }, [value, known, directory]);

  useEffect(() => () => clearTimeout(timer.current), []);

  const search = (text: string, delay = 200) => {
    asked.current = true;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const mine = ++request.current;
      setLoading(true);
      directory
        .search(text)
        .then((found) => {
          if (mine !== request.current) return;
          setOptions(found);
          setKnown((k) => {
            const next = new Map(k);
            for (const user of found) next.set(user.id, user);
            return next;
          });
        })
        .catch(() => mine === request.current && setOptions([]))
        .finally(() => {
          if (mine !== request.current) return;
          setLoading(false);
          setSearched(true);
        });
    }, delay);
  };

  const merged = useMemo(() => {
    const list = [...options];
    const current = value ? known.get(value) : undefined;
    if (value && !list.some((u) => u.id === value)) list.unshift(current ?? { id: value, displayName: '…', email: null, kind: 'user', active: false });
    return list.map((user) => ({
      value: user.id,
      label: user.displayName,
      user,
    }));
  }, [options, value, known]);

  return (
    <Select
      {...rest}
      showSearch={{ filterOption: false, onSearch: (text) => search(text) }}
      allowClear={allowClear}
      autoFocus={autoFocus}
      disabled={disabled}
      style={{ minWidth: 240, ...style }}
      placeholder={placeholder}
      value={value ?? null}
      options={merged}
      optionRender={(option) => (
        <span data-testid={`user-option-${option.value}`}>
          {option.data.user.displayName}
          {option.data.user.email && (
            <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
              {option.data.user.email}
            </Typography.Text>
          )}
        </span>
      )}
      notFoundContent={loading ? <Spin size="small" /> : searched ? notFound : null}
      onOpenChange={(open) => open && !asked.current && search('', 0)}
      onChange={(id: string | null | undefined) => onChange(id ?? null, id ? known.get(id) : undefined)}
    />
  );
}
