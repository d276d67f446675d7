import { printSubgraphSchema } from '@apollo/subgraph';
import { composeServices } from '@theguild/federation-composition';
import { GraphQLSchema, parse } from 'graphql';
import { buildApplicationsSchema } from '../subgraphs/applications/server';
import { buildDocumentsSchema } from '../subgraphs/documents/server';
import { buildSignaturesSchema } from '../subgraphs/signatures/server';
import { buildStatusesSchema } from '../subgraphs/statuses/server';
import { HubConfig, loadConfig } from '../platform/config';

export const SUBGRAPH_NAMES = ['applications', 'documents', 'statuses', 'signatures'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

const BUILDERS: Record<SubgraphName, () => Promise<GraphQLSchema>> = {
  applications: buildApplicationsSchema,
  documents: buildDocumentsSchema,
  statuses: buildStatusesSchema,
  signatures: buildSignaturesSchema,
};

/** Composes the supergraph from the subgraphs' SDL, built in-process (no running service needed). */
export async function composeSupergraph(ports: HubConfig['ports'] = loadConfig({}).ports): Promise<string> {
  const services = [];
  for (const name of SUBGRAPH_NAMES) {
    const sdl = printSubgraphSchema(await BUILDERS[name]());
    services.push({ name, url: `http://localhost:${ports[name]}/graphql`, typeDefs: parse(sdl) });
  }
  const result = composeServices(services);
  if (result.errors?.length) {
    throw new Error(`Supergraph composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join('\n')}`);
  }
  return `${result.supergraphSdl!.trim()}\n`;
}
