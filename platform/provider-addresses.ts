/**
 * Addresses of providers' systems and registers. The demo catalogue (reference/services.json,
 * reference/document-sources.json) names the demo provider system by this placeholder rather than
 * a host and port, so that the stand is wherever PROVIDER_STAND_URL / PROVIDER_STAND_PORT put it;
 * a provider's real system is given by PROVIDER_ENDPOINT_<BIN>, which wins over the catalogue.
 */
export const STAND_PLACEHOLDER = '{PROVIDER_STAND_URL}';

/**
 * The address itself, or the template with the demo stand's URL put in; undefined when the
 * template names the stand and there is none (production runs no demo stand).
 */
export function resolveAddress(template: string | null | undefined, standUrl: string | undefined): string | undefined {
  if (!template) return undefined;
  if (!template.includes(STAND_PLACEHOLDER)) return template;
  return standUrl ? template.split(STAND_PLACEHOLDER).join(standUrl.replace(/\/+$/, '')) : undefined;
}

/** PROVIDER_ENDPOINT_<BIN>: the variable that gives an organisation's system endpoint. */
export const endpointVariable = (bin: string) => `PROVIDER_ENDPOINT_${bin}`;

/** Where a provider's system takes requests: its PROVIDER_ENDPOINT_<BIN>, else the catalogue's (the demo stand resolved). */
export function providerEndpoint(org: { bin: string; systemEndpoint: string | null }, delivery: { providerEndpoints?: Record<string, string>; standUrl?: string }): string | undefined {
  return delivery.providerEndpoints?.[org.bin] ?? resolveAddress(org.systemEndpoint, delivery.standUrl);
}
