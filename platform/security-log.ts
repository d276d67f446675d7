import { GraphQLError } from 'graphql';
import { DataSource } from 'typeorm';
import { SecurityLogRow } from './entities/security-log.entity';
import { Identity } from './identity';

/**
 * Records a request refused before it could touch anyone's data in the staff-only security log,
 * then throws the refusal. One bounded row per request, whatever the request carried.
 */
export async function refuseAndLog(dataSource: DataSource, who: Identity, requestId: string, operation: string, error: GraphQLError, now = new Date()): Promise<never> {
  await dataSource.manager.insert(SecurityLogRow, {
    at: now,
    requestId: requestId.slice(0, 100),
    actorSubject: who.subject.slice(0, 200),
    actorRole: who.role,
    actorIin: who.iin ?? null,
    actorBin: who.bin ?? null,
    operation: operation.slice(0, 64),
    reason: String(error.extensions.code ?? 'UNKNOWN').slice(0, 64),
    field: typeof error.extensions.field === 'string' ? error.extensions.field.slice(0, 200) : null,
  });
  throw error;
}
