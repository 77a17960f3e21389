import { useCallback, useEffect, useRef, useState } from 'react';
import { type ApiProblem, apiErrorOf } from './api.ts';

export interface AsyncState<T> {
  status: 'loading' | 'ready' | 'error';
  data: T | undefined;
  error: ApiProblem | undefined;
  reload: () => Promise<void>;
}

/** Loads data for a screen (loading, ready, error with the API's message, reload). */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): AsyncState<T> {
  const [state, setState] = useState<Omit<AsyncState<T>, 'reload'>>({ status: 'loading', data: undefined, error: undefined });
  const loadRef = useRef(load);
  loadRef.current = load;
  const generation = useRef(0);
  const reload = useCallback(async () => {
    const mine = ++generation.current;
    try {
      const data = await loadRef.current();
      if (mine === generation.current) setState({ status: 'ready', data, error: undefined });
    } catch (error) {
      if (mine === generation.current) setState((s) => ({ status: 'error', data: s.data, error: apiErrorOf(error) }));
    }
  }, []);
  useEffect(() => {
    setState((s) => ({ ...s, status: 'loading' }));
    void reload();
  }, deps);
  return { ...state, reload };
}
