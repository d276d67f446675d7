import { createContext, useContext } from 'react';
import type { ConsoleConfig } from './api/console-api';
import type { Catalogue } from './catalogue';
import type { Session } from './session';
import type { Signer } from './signing';

/** What every signed-in page needs: who is signed in, the console's config, the catalogue, the signer. */
export interface AppContextValue {
  config: ConsoleConfig;
  session: Session;
  catalogue: Catalogue;
  signer: Signer;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp outside a signed-in page');
  return value;
}
