import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { StatusesContext } from '../statuses.deps';
import { StageRecord } from '../stage-record.type';
import { logEntryOf } from './log.entries';
import { LogEntry } from './log.type';

@Resolver(() => StageRecord)
export class StageLogResolver {
  @FieldResolver(() => LogEntry, { nullable: true, description: 'Where this stage is in the exchange log; null for the seconds until the sequencer takes it.' })
  logEntry(@Root() record: StageRecord, @Ctx() ctx: StatusesContext) {
    return logEntryOf(ctx, ctx.dataSource, 'stage_record', record.id);
  }
}
