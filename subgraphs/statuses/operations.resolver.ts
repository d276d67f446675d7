import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import { connectionOf } from '../../platform/connection';
import { StatusesContext } from './statuses.deps';
import { overdueCursor, overdueNow, processingTimes, requestsByStage, VIEW_ROLES } from './operations.service';
import { OperationsFilter, OverdueRequestConnection, ProcessingTime, StageCount } from './report.type';

/** The operational views: requests by stage, overdue now, processing times. */
@Resolver()
export class OperationsResolver {
  @Authorized(...VIEW_ROLES)
  @Query(() => [StageCount], { description: 'Requests by their current stage (providers: their own).' })
  requestsByStage(@Ctx() ctx: StatusesContext, @Arg('filter', () => OperationsFilter, { nullable: true }) filter?: OperationsFilter): Promise<StageCount[]> {
    return requestsByStage(ctx.dataSource, ctx.identity, filter ?? {});
  }

  @Authorized(...VIEW_ROLES)
  @Query(() => OverdueRequestConnection, { description: 'Open requests past their planned date now, with the days, longest first (providers: their own).' })
  async overdueNow(
    @Ctx() ctx: StatusesContext,
    @Arg('filter', () => OperationsFilter, { nullable: true }) filter?: OperationsFilter,
    @Arg('first', () => Int, { defaultValue: 50 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<OverdueRequestConnection> {
    const page = await overdueNow(ctx.dataSource, ctx.identity, filter ?? {}, first, after ?? undefined);
    return connectionOf(page.rows, overdueCursor, { hasNextPage: page.hasNextPage, after }) as unknown as OverdueRequestConnection;
  }

  @Authorized(...VIEW_ROLES)
  @Query(() => [ProcessingTime], { description: 'Average processing time per provider and service of the requests closed in a period (providers: their own).' })
  processingTimes(
    @Arg('from') from: string,
    @Arg('to') to: string,
    @Ctx() ctx: StatusesContext,
    @Arg('filter', () => OperationsFilter, { nullable: true }) filter?: OperationsFilter,
  ): Promise<ProcessingTime[]> {
    return processingTimes(ctx.dataSource, ctx.identity, from, to, filter ?? {}) as unknown as Promise<ProcessingTime[]>;
  }
}
