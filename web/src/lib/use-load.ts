import { useCallback, useEffect, useState } from 'react';
import { ApiError } from './api';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
  set(data: T): void;
}

interface Result<T> {
  key: string;
  data?: T;
  error: unknown;
}

/**
 * Loads data for a page and loads it again when `deps` change or on reload(). The previous data
 * stays on screen until the new answer arrives; answers that arrive too late are dropped.
 */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [tick, setTick] = useState(0);
  const key = JSON.stringify([...deps, tick]);
  const [result, setResult] = useState<Result<T>>({ key: '', error: null });

  useEffect(() => {
    let live = true;
    load().then(
      (data) => live && setResult({ key, data, error: null }),
      (error: unknown) => live && setResult((r) => ({ key, data: r.data, error })),
    );
    return () => {
      live = false;
    };
    // `key` stands for the dependencies; `load` is a fresh closure on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  const set = useCallback((data: T) => setResult((r) => ({ ...r, data })), []);
  return { data: result.data, error: result.error, loading: result.key !== key, reload, set };
}

export const isNotFound = (e: unknown) => e instanceof ApiError && e.status === 404;
