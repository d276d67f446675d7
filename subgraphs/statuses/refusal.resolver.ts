import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { MessageRefusalRow } from './message-refusal.entity';
import { ErrorCode, hubError } from '../../platform/errors';
import { requireRole } from '../../platform/identity';
import { StatusesContext } from './statuses.deps';
import { StageReportRefusal } from './refusal.type';
import { MAX_PAGE } from './stage-report.input';

@Resolver(() => StageReportRefusal)
export class RefusalResolver {
  @Query(() => [StageReportRefusal], { description: 'Refused stage reports, newest first: admins and analysts see all, a provider its own.' })
  async stageReportRefusals(
    @Ctx() ctx: StatusesContext,
    @Arg('providerBin', () => String, { nullable: true }) providerBin?: string,
    @Arg('first', () => Int, { defaultValue: 50 }) first = 50,
  ): Promise<MessageRefusalRow[]> {
    const who = requireRole(ctx.identity, 'admin', 'analyst', 'provider');
    if (who.role === 'provider') {
      if (providerBin && providerBin !== who.bin) throw hubError(ErrorCode.Forbidden, "A provider sees only its own organisation's refusals", 'providerBin');
      providerBin = who.bin;
    }
    if (first < 1 || first > MAX_PAGE) throw hubError(ErrorCode.InvalidArgument, `first must be between 1 and ${MAX_PAGE}`, 'first');
    return ctx.dataSource.manager.find(MessageRefusalRow, { where: { kind: 'STAGE_REPORT', ...(providerBin ? { senderBin: providerBin } : {}) }, order: { receivedAt: 'DESC' }, take: first });
  }
}
