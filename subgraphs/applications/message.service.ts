import { DeliveryAttemptRow, ExchangeMessageRow, SubmissionRow } from '../shared/entities';
import { ErrorCode, hubError } from '../shared/errors';
import { Identity, requireRole } from '../shared/identity';
import { isUuid } from '../shared/ids';
import { keyset } from '../shared/keyset';
import { enqueueDelivery } from '../shared/queue';
import { ApplicationsDeps } from './applications.deps';
import { MessageFilter } from './message.type';

export const MAX_PAGE = 500;

export interface MessagePage { rows: ExchangeMessageRow[]; endCursor: string | null; hasNextPage: boolean }

/**
 * The message journal (exchange rules p.9): every message sent and received, for admins and
 * analysts; an operator sees the delivery of an application their own organisation submitted
 * (its attempts and coded failures), and nothing else.
 */
export async function listMessages(deps: ApplicationsDeps, identity: Identity | undefined, filter: MessageFilter = {}, first = 50, after?: string): Promise<MessagePage> {
  if (!(await operatorsOwnApplication(deps, identity, filter.applicationId))) requireRole(identity, 'admin', 'analyst');
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
  return { rows: page, endCursor: page.length ? keyset.cursor(page[page.length - 1].createdAt, page[page.length - 1].id) : null, hasNextPage: rows.length > first };
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
  requireRole(identity, 'admin');
  const message = isUuid(id) ? await deps.dataSource.manager.findOneBy(ExchangeMessageRow, { id }) : null;
  if (!message) throw hubError(ErrorCode.NotFound, `No message ${id} in the journal`, 'id');
  if (message.outcome !== 'DEAD') throw hubError(ErrorCode.NotDeadLettered, `Message ${message.messageId} is ${message.outcome}, not dead-lettered`, 'id');
  await deps.dataSource.transaction(async (m) => {
    await m.update(ExchangeMessageRow, { id }, { outcome: 'RETRYING' });
    await enqueueDelivery(deps.boss, m, { messageRowId: id }, deps.delivery);
  });
  return (await deps.dataSource.manager.findOneBy(ExchangeMessageRow, { id }))!;
}
