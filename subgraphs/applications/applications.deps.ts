import PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';
import { DeliveryConfig } from '../../platform/config';
import { HubContext } from '../../platform/context';
import { HubSigner } from '../signatures/api';
import { SignatureVerifier } from '../../lib/ecp/verifier';

/** What the applications subgraph's rules need besides the request: the database, signatures, the queue. */
export interface ApplicationsDeps {
  dataSource: DataSource;
  verifier: SignatureVerifier;
  hubSigner: HubSigner;
  boss: PgBoss;
  delivery: DeliveryConfig;
  /** development and test: a provider token not configured falls back to the test-only demo one */
  allowDemoTokens: boolean;
  /** "now" for the rules (acceptance time, planned date, time checks); a test may set the date */
  clock: () => Date;
}

export interface ApplicationsContext extends HubContext {
  deps: ApplicationsDeps;
}
