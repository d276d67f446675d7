import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Identity } from './identity';

/** What every resolver gets: who asks (as the gateway vouches), the database, and a request id. */
export interface HubContext {
  identity?: Identity;
  dataSource: DataSource;
  requestId: string;
}

export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && /^[\w.-]{1,100}$/.test(value) ? value : randomUUID();
}
