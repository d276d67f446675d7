import { DeliveryAttemptRow, ExchangeMessageRow } from './exchange-message.entity';
import { SubmissionRow } from './submission.entity';
import { ErrorCode, hubError } from '../../platform/errors';
import { Identity, requireRole } from '../../platform/identity';
import { isUuid } from '../../platform/ids';
import { keyset } from '../../platform/keyset';
import { enqueueDelivery } from '../../platform/queue';
import { ApplicationsDeps } from './applications.deps';
import { MessageFilter } from './message.type';

export const MAX_PAGE = 500;

export interface MessagePage { rows: ExchangeMessageRow[]; hasNextPage: boolean }

/** A journal entry's cursor: its time and id (the list is oldest first). */
export const messageCursor = (m: Pick<ExchangeMessageRow, 'createdAt' | 'id'>): string => keyset.cursor(m.createdAt, m.id);

/**
 * The message journal (exchange rules p.9): every message sent and received, for admins and
 * analysts; an operator sees the delivery of an application their own organisation submitted
 * (its attempts and coded failures), and nothing else.
 */
export async function listMessages(deps: ApplicationsDeps, identity: Identity | undefined, filter: MessageFilter = {}, first = 50, after?: string): Promise<MessagePage> {
  // the roles are checked by @Authorized; an operator is let through for their own organisation's application only
  if (identity?.role === 'operator' && !(await operatorsOwnApplication(deps, identity, filter.applicationId))) requireRole(identity, 'admin', 'analyst');
  keyset.checkFirst(first, MAX_PAGE);
  const q = deps.dataSource.manager.createQueryBuilder(ExchangeMessageRow, 'm');
  if (after) {
    const c = keyset.parse(after);
    q.andWhere('(m.created_at, m.id) > (:t, :id)', { t: c.at, id: c.id });
  }
  if (filter.direction) q.andWhere('m.direction = :direction', { direction: filter.direction });
  if (filter.kind) q.andWhere('m.kind = :kind', { kind: filter.kind });
  if (filter.outcome) q.andWhere('m.outcome = :outcome', { outcome: filter.outcome });
  if (filter.counterpartBin) q.andWhere('m.counterpart_bin = :bin', { bin: filter.counterpartBin });
  if (filter.applicationId) {
    if (!isUuid(filter.applicationId)) throw hubError(ErrorCode.InvalidArgument, 'filter.applicationId is not an id', 'filter.applicationId');
    q.andWhere('m.application_id = :app', { app: filter.applicationId });
  }
  keyset.period(q, 'm.created_at', filter);
  const rows = await q.orderBy('m.created_at', 'ASC').addOrderBy('m.id', 'ASC').limit(first + 1).getMany();
  const page = rows.slice(0, first);
  return { rows: page, hasNextPage: rows.length > first };
}

async function operatorsOwnApplication(deps: ApplicationsDeps, identity: Identity | undefined, applicationId: string | undefined | null): Promise<boolean> {
  if (identity?.role !== 'operator' || !identity.bin || !applicationId || !isUuid(applicationId)) return false;
  const submission = await deps.dataSource.manager.findOne(SubmissionRow, { where: { applicationId }, select: { operatorBin: true } });
  return submission?.operatorBin === identity.bin;
}

export function attemptsOf(deps: ApplicationsDeps, messageRowId: string): Promise<DeliveryAttemptRow[]> {
  return deps.dataSource.manager.find(DeliveryAttemptRow, { where: { messageId: messageRowId }, order: { attempt: 'ASC' } });
}

/** An admin sends a dead-lettered request again (after the provider fixed what made it fail). */
export async function retryDelivery(deps: ApplicationsDeps, identity: Identity | undefined, id: string): Promise<ExchangeMessageRow> {
  const message = isUuid(id) ? await deps.dataSource.manager.findOneBy(ExchangeMessageRow, { id }) : null;
  if (!message) throw hubError(ErrorCode.NotFound, `No message ${id} in the journal`, 'id');
  if (message.outcome !== 'DEAD') throw hubError(ErrorCode.NotDeadLettered, `Message ${message.messageId} is ${message.outcome}, not dead-lettered`, 'id');
  await deps.dataSource.transaction(async (m) => {
    await m.update(ExchangeMessageRow, { id }, { outcome: 'RETRYING' });
    await enqueueDelivery(deps.boss, m, { messageRowId: id }, deps.delivery);
  });
  return (await deps.dataSource.manager.findOneBy(ExchangeMessageRow, { id }))!;
}
