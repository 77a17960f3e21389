import type { MetadataBundle, ObjectDef } from '@atrium/metadata';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { type ApiProblem, apiErrorOf, type DesignerApi } from './api.ts';

/** The designer's API (set once by DesignerRoutes from the shell, or by tests with a fake). */
const ApiContext = createContext<DesignerApi | undefined>(undefined);

export function DesignerApiProvider({ api, children }: { api: DesignerApi; children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

export function useDesignerApi(): DesignerApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('the designer needs a DesignerApiProvider');
  return api;
}

/** The signed-in user's id (the shell's session), so screens can tell them apart in lists. */
const CurrentUserContext = createContext<string | undefined>(undefined);

export function CurrentUserProvider({ userId, children }: { userId: string | undefined; children: ReactNode }) {
  return <CurrentUserContext.Provider value={userId}>{children}</CurrentUserContext.Provider>;
}

export function useCurrentUserId(): string | undefined {
  return useContext(CurrentUserContext);
}

/** Where the designer is mounted (`/designer`): links are built from it. */
const BaseContext = createContext<string>('/designer');

export function DesignerBaseProvider({ base, children }: { base: string; children: ReactNode }) {
  return <BaseContext.Provider value={base.replace(/\/+$/, '')}>{children}</BaseContext.Provider>;
}

/** `path('objects/account')` → `/designer/objects/account`. */
export function useDesignerPath(): (path?: string) => string {
  const base = useContext(BaseContext);
  return useCallback((path = '') => (path ? `${base}/${path.replace(/^\/+/, '')}` : base || '/'), [base]);
}

export interface MetadataState {
  status: 'loading' | 'ready' | 'error';
  version: number;
  bundle: MetadataBundle;
  error?: ApiProblem;
  /** Reads the metadata again (after a change, or when another admin changed it). */
  reload(): Promise<void>;
}

const MetadataContext = createContext<MetadataState | undefined>(undefined);

const EMPTY: MetadataBundle = { atrium: 'metadata-bundle', formatVersion: 1, objects: [], layouts: [], pipelines: [], validationRules: [] };

/** Loads `GET /api/v1/meta` once and keeps it (with its version) for every designer screen. */
export function MetadataProvider({ children, initial }: { children: ReactNode; initial?: { version: number; bundle: MetadataBundle } }) {
  const api = useDesignerApi();
  const [state, setState] = useState<Omit<MetadataState, 'reload'>>(
    initial ? { status: 'ready', version: initial.version, bundle: initial.bundle } : { status: 'loading', version: 0, bundle: EMPTY },
  );
  const alive = useRef(true);
  const reload = useCallback(async () => {
    try {
      const snapshot = await api.getMetadata();
      if (alive.current) setState({ status: 'ready', version: snapshot.version, bundle: snapshot.bundle });
    } catch (error) {
      if (alive.current) setState((previous) => ({ ...previous, status: previous.status === 'ready' ? 'ready' : 'error', error: apiErrorOf(error) }));
    }
  }, [api]);
  useEffect(() => {
    alive.current = true;
    if (!initial) void reload();
    return () => {
      alive.current = false;
    };
    // The initial snapshot is read once.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [reload]);
  const value = useMemo(() => ({ ...state, reload }), [state, reload]);
  return <MetadataContext.Provider value={value}>{children}</MetadataContext.Provider>;
}

/** Provides metadata kept elsewhere (the shell's, so the workspace sees the designer's changes at once). */
export function MetadataValueProvider({ value, children }: { value: MetadataState; children: ReactNode }) {
  return <MetadataContext.Provider value={value}>{children}</MetadataContext.Provider>;
}

export const EMPTY_BUNDLE = EMPTY;

export function useMetadata(): MetadataState {
  const state = useContext(MetadataContext);
  if (!state) throw new Error('the designer needs a MetadataProvider');
  return state;
}

/** An object by API name or id in the loaded bundle. */
export function findObject(bundle: MetadataBundle, name: string | undefined): ObjectDef | undefined {
  if (!name) return undefined;
  return bundle.objects.find((o) => o.apiName === name) ?? bundle.objects.find((o) => o.id === name);
}
