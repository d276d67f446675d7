import { DataSource } from 'typeorm';
import { DatabasePoolConfig } from '../platform/config';
import { openDataSource } from '../platform/db';
import { PLATFORM_ENTITIES } from '../platform/entities';
import { APPLICATIONS_ENTITIES } from './applications/api';
import { DOCUMENTS_ENTITIES } from './documents/api';
import { SIGNATURES_ENTITIES } from './signatures/api';
import { STATUSES_ENTITIES } from './statuses/api';

export { migrate } from '../platform/db';

/**
 * Every table of the hub. The subgraphs share one PostgreSQL database today, so each process maps
 * all of them, but each subgraph writes only its own (README, "Architecture": who owns which table).
 */
export const ENTITIES = [...PLATFORM_ENTITIES, ...APPLICATIONS_ENTITIES, ...DOCUMENTS_ENTITIES, ...SIGNATURES_ENTITIES, ...STATUSES_ENTITIES];

export function createDataSource(url: string, applicationName?: string, pool?: DatabasePoolConfig): DataSource {
  return openDataSource(ENTITIES, url, applicationName, pool);
}
