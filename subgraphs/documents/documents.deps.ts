import { DataSource } from 'typeorm';
import { LookupConfig } from '../../platform/config';
import { HubContext } from '../../platform/context';
import { SignatureVerifier } from '../../lib/ecp/verifier';
import { DocumentSources, Fetched } from './document.sources';
import { DocumentStore } from './document.store';
import { DocumentTypeDefinition } from './source.registry';

/** What the documents subgraph's rules need: the database, signature checks, the sources. */
export interface DocumentsDeps {
  dataSource: DataSource;
  verifier: SignatureVerifier;
  sources: DocumentSources;
  lookups: LookupConfig;
}

/** Per request: the sources' loaders (one call per source and type) and the stored documents' loader. */
export interface DocumentsContext extends HubContext {
  deps: DocumentsDeps;
  fetchDocument: (type: DocumentTypeDefinition, subject: string) => Promise<Fetched>;
  store: DocumentStore;
}
