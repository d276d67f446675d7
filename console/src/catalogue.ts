import { useEffect, useState } from 'react';
import { gql } from './api/http';
import { SERVICES } from './api/queries';
import type { ServiceInfo } from './api/types';
import type { Lang } from './i18n';

export interface Catalogue {
  services: ServiceInfo[];
  /** the agencies that provide services, by BIN, in catalogue order */
  agencies: Agency[];
  serviceByCode(code: string): ServiceInfo | undefined;
  agencyName(bin: string, lang: Lang): string | undefined;
}

export interface Agency { bin: string; nameKk: string; nameRu: string }

export const agencyNameIn = (agency: Agency, lang: Lang): string => (lang === 'kk' ? agency.nameKk : agency.nameRu) // the catalogue has no English names of agencies: Russian, as in official English documents;

export function catalogueOf(services: ServiceInfo[]): Catalogue {
  const agencies = new Map<string, Agency>();
  for (const s of services) if (!agencies.has(s.agency.bin)) agencies.set(s.agency.bin, { bin: s.agency.bin, nameKk: s.agency.nameKk, nameRu: s.agency.nameRu });
  const byCode = new Map(services.map((s) => [s.code, s]));
  return {
    services,
    agencies: [...agencies.values()],
    serviceByCode: (code) => byCode.get(code),
    agencyName: (bin, lang) => {
      const agency = agencies.get(bin);
      return agency && agencyNameIn(agency, lang);
    },
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
