import { useEffect, useState } from 'react';
import { gql } from './api/http';
import { SERVICES } from './api/queries';
import type { ServiceInfo } from './api/types';

export interface Catalogue {
  services: ServiceInfo[];
  /** the agencies that provide services, by BIN, in catalogue order */
  agencies: { bin: string; name: string }[];
  serviceByCode(code: string): ServiceInfo | undefined;
  agencyName(bin: string): string | undefined;
}

export function catalogueOf(services: ServiceInfo[]): Catalogue {
  const agencies = new Map<string, string>();
  for (const s of services) if (!agencies.has(s.agency.bin)) agencies.set(s.agency.bin, s.agency.name);
  const byCode = new Map(services.map((s) => [s.code, s]));
  return {
    services,
    agencies: [...agencies].map(([bin, name]) => ({ bin, name })),
    serviceByCode: (code) => byCode.get(code),
    agencyName: (bin) => agencies.get(bin),
  };
}

const EMPTY = catalogueOf([]);

/** The service catalogue, loaded once per sign-in. */
export function useCatalogue(token: string | undefined): { catalogue: Catalogue; error?: unknown } {
  const [state, setState] = useState<{ catalogue: Catalogue; error?: unknown }>({ catalogue: EMPTY });
  useEffect(() => {
    if (!token) return;
    let live = true;
    gql<{ services: ServiceInfo[] }>(token, SERVICES)
      .then((data) => live && setState({ catalogue: catalogueOf(data.services) }))
      .catch((error: unknown) => live && setState({ catalogue: EMPTY, error }));
    return () => {
      live = false;
    };
  }, [token]);
  return state;
}
