import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { In } from 'typeorm';
import { ApplicationRow } from '../applications/api';
import { scopeFilter } from '../../platform/access';
import { StatusesContext } from './statuses.deps';
import { connectionOf } from '../../platform/connection';
import { STAGE_LABELS } from './stage';
import { Application, LocalizedText, Service, Signature, StageRecord, StageRecordConnection, StageReportReceipt } from './stage-record.type';
import { StageRecordView, viewOf } from './stage-record.view';
import { StageChangeFilter, StageReportFilter, StageReportInput } from './stage-report.input';
import { cursorOf, StageEvent } from './stage-events';
import { listStageReports, parseCursor, recordStage } from './stage.service';
import { checkedFilter, Refusal, stageChanges } from './stage-subscription';

/**
 * A subscription refused at the start (forbidden filter, bad cursor) is answered as one event
 * carrying the coded error and then closed: an error thrown while subscribing reaches the client
 * through the gateway only as an unexpected error, without its code.
 */
async function* refusal(error: unknown): AsyncGenerator<Refusal> {
  yield { refused: error };
}

@Resolver(() => StageRecord)
export class StageRecordResolver {
  @Authorized('provider')
  @Mutation(() => StageReportReceipt, { description: 'A provider reports a stage of a request (rules of data entry p.6-8). Answered once stored.' })
  async reportStage(@Arg('input', () => StageReportInput) input: StageReportInput, @Ctx() ctx: StatusesContext): Promise<StageReportReceipt> {
    const { record, duplicate } = await recordStage(ctx.dataSource, ctx.signatures, ctx.identity, input, ctx.clock());
    const app = await ctx.dataSource.manager.findOneByOrFail(ApplicationRow, { id: record.applicationId });
    return { record: viewOf(record, app) as unknown as StageRecord, duplicate };
  }

  @Query(() => StageRecordConnection, { description: 'Stage reports in the order received (or newest first), after a cursor.' })
  async stageReports(
    @Ctx() ctx: StatusesContext,
    @Arg('filter', () => StageReportFilter, { nullable: true }) filter?: StageReportFilter,
    @Arg('first', () => Int, { defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('newestFirst', () => Boolean, { defaultValue: false, description: 'The latest received first; `after` then pages back in time.' }) newestFirst?: boolean,
  ): Promise<StageRecordConnection> {
    const page = await listStageReports(ctx.dataSource, ctx.identity, filter ?? {}, first, after ?? undefined, newestFirst ?? false);
    const apps = await ctx.dataSource.manager.findBy(ApplicationRow, { id: In([...new Set(page.rows.map((r) => r.applicationId))]) });
    const appOf = new Map(apps.map((a) => [a.id, a]));
    // the record's position in the event stream (its `cursor`), as subscriptions resume after it
    return connectionOf(page.rows, cursorOf, { hasNextPage: page.hasNextPage, after }, (r) => viewOf(r, appOf.get(r.applicationId)!) as unknown as StageRecord);
  }

  @Subscription(() => StageRecord, {
    description: 'Stage changes as they are recorded on any instance. Pass the cursor of the last event received to get every event missed, then live ones.',
    subscribe: ({ args, context }) => {
      const ctx = context as StatusesContext;
      try {
        const filter = checkedFilter(scopeFilter(ctx.identity, { ...(args.filter ?? {}) } as StageChangeFilter));
        if (args.after !== undefined && args.after !== null) parseCursor(args.after);
        return stageChanges(ctx.dataSource, ctx.stageEvents, filter, args.after ?? undefined);
      } catch (error) {
        return refusal(error);
      }
    },
  })
  stageChanged(
    @Root() event: StageEvent | Refusal,
    @Arg('filter', () => StageChangeFilter, { nullable: true }) _filter?: StageChangeFilter,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the last event received.' }) _after?: string,
  ): StageRecord {
    if ('refused' in event) throw event.refused;
    return viewOf(event.record, event) as unknown as StageRecord;
  }

  @FieldResolver(() => String)
  cursor(@Root() record: StageRecordView): string {
    return cursorOf(record);
  }

  @FieldResolver(() => LocalizedText)
  stageLabel(@Root() record: StageRecordView): LocalizedText {
    return STAGE_LABELS[record.stage as keyof typeof STAGE_LABELS];
  }

  @FieldResolver(() => String, { nullable: true })
  executor(@Root() record: StageRecordView): string | null {
    return (record.report?.executor as string | undefined) ?? null;
  }

  @FieldResolver(() => Application)
  application(@Root() record: StageRecordView): Application {
    return record.app ?? { id: record.applicationId };
  }

  @FieldResolver(() => Service)
  service(@Root() record: StageRecordView): Service {
    return { code: record.serviceCode };
  }

  @FieldResolver(() => Signature)
  signature(@Root() record: StageRecordView): Signature {
    return { id: record.signatureId };
  }
}
