import { useCallback, useEffect, useRef, useState } from 'react';
import { gql } from './api/http';
import { APPLICATION } from './api/queries';
import type { ApplicationView } from './api/types';

export interface ApplicationState {
  app?: ApplicationView | null;
  error?: unknown;
  loading: boolean;
  reload(): void;
}

/** One application with its timeline; reload() fetches it again (answers of an older fetch are dropped). */
export function useApplication(token: string, id: string | undefined): ApplicationState {
  const [state, setState] = useState<Omit<ApplicationState, 'reload'>>({ loading: !!id });
  const latest = useRef(0);
  const load = useCallback(() => {
    if (!id) {
      setState({ loading: false, app: undefined });
      return;
    }
    const request = ++latest.current;
    setState((s) => ({ ...s, loading: true }));
    gql<{ application: ApplicationView | null }>(token, APPLICATION, { id })
      .then((data) => request === latest.current && setState({ app: data.application, loading: false }))
      .catch((error: unknown) => request === latest.current && setState((s) => ({ ...s, error, loading: false })));
  }, [token, id]);
  useEffect(() => {
    setState({ loading: !!id });
    load();
  }, [load, id]);
  return { ...state, reload: load };
}
