import type { MetadataBundle } from '@atrium/metadata';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { useSession } from '../session/session-context.tsx';
import { MetadataIndex } from './metadata-index.ts';

export interface MetadataState {
  status: 'loading' | 'ready' | 'error';
  version: number;
  bundle: MetadataBundle | null;
  /** Lookups over the bundle (objects by API name and id, default layouts and pipelines). */
  index: MetadataIndex | null;
  error: unknown;
  /** Reads the metadata again (after the designer changed it). */
  reload(): Promise<void>;
}

const MetadataContext = createContext<MetadataState | null>(null);

/**
 * The tenant's metadata bundle (`GET /api/v1/meta`), read once per session and tenant. Record
 * schemas, forms, columns, filters and navigation are all derived from it in the browser.
 */
export function MetadataProvider({ children }: { children: ReactNode }) {
  const { client, me } = useSession();
  const tenant = me?.tenant.id;
  const [state, setState] = useState<Omit<MetadataState, 'reload'>>({ status: 'loading', version: 0, bundle: null, index: null, error: null });

  const load = useCallback(
    async (quiet: boolean) => {
      if (!quiet) setState((s) => ({ ...s, status: 'loading', error: null }));
      try {
        const { version, bundle } = await client.metadata<MetadataBundle>();
        setState({ status: 'ready', version, bundle, index: new MetadataIndex(bundle), error: null });
      } catch (error) {
        setState((s) => ({ ...s, status: quiet && s.bundle ? s.status : 'error', error }));
        if (quiet) throw error;
      }
    },
    [client],
  );

  useEffect(() => {
    if (tenant) void load(false);
  }, [tenant, load]);

  const reload = useCallback(() => load(true), [load]);
  const value = useMemo<MetadataState>(() => ({ ...state, reload }), [state, reload]);
  return <MetadataContext.Provider value={value}>{children}</MetadataContext.Provider>;
}

export function useMetadata(): MetadataState {
  const value = useContext(MetadataContext);
  if (!value) throw new Error('useMetadata outside <MetadataProvider>');
  return value;
}

/** The metadata once loaded (inside the workspace, whose shell waits for it). */
export function useMetadataIndex(): MetadataIndex {
  const { index } = useMetadata();
  if (!index) throw new Error('metadata not loaded yet');
  return index;
}
