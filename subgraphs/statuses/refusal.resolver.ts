import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { MessageRefusalRow } from './message-refusal.entity';
import { ErrorCode, hubError } from '../../platform/errors';
import { StatusesContext } from './statuses.deps';
import { StageReportRefusal } from './refusal.type';
import { Authorized } from 'type-graphql';
import { requireIdentity } from '../../platform/identity';
import { StageReportRefusalConnection } from './refusal.type';
import { Connection, connectionOf } from '../../platform/connection';
import { keyset } from '../../platform/keyset';
import { MAX_PAGE } from './stage-report.input';

@Resolver(() => StageReportRefusal)
export class RefusalResolver {
  @Authorized('admin', 'analyst', 'provider')
  @Query(() => StageReportRefusalConnection, { description: 'Refused stage reports, newest first: admins and analysts see all, a provider its own.' })
  async stageReportRefusals(
    @Ctx() ctx: StatusesContext,
    @Arg('providerBin', () => String, { nullable: true }) providerBin?: string,
    @Arg('first', () => Int, { defaultValue: 50 }) first = 50,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<Connection<MessageRefusalRow>> {
    const who = requireIdentity(ctx.identity);
    if (who.role === 'provider') {
      if (providerBin && providerBin !== who.bin) throw hubError(ErrorCode.Forbidden, "A provider sees only its own organisation's refusals", 'providerBin');
      providerBin = who.bin;
    }
    if (first < 1 || first > MAX_PAGE) throw hubError(ErrorCode.InvalidArgument, `first must be between 1 and ${MAX_PAGE}`, 'first');
    const q = ctx.dataSource.manager.createQueryBuilder(MessageRefusalRow, 'r').where("r.kind = 'STAGE_REPORT'");
    if (providerBin) q.andWhere('r.sender_bin = :bin', { bin: providerBin });
    if (after !== undefined && after !== null) {
      // newest first: the next page is older than the cursor
      const c = keyset.parse(after);
      q.andWhere('(r.received_at, r.id) < (:t, :id)', { t: c.at, id: c.id });
    }
    const rows = await q.orderBy('r.received_at', 'DESC').addOrderBy('r.id', 'DESC').limit(first + 1).getMany();
    return connectionOf(rows.slice(0, first), (r) => keyset.cursor(r.receivedAt, r.id), { hasNextPage: rows.length > first, after });
  }
}
