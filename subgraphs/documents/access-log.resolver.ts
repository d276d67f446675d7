import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { LogEntry, logEntryOf } from '../statuses/api';
import { DataAccessEntry } from './access-journal.type';
import { DocumentsContext } from './documents.deps';

@Resolver(() => DataAccessEntry)
export class AccessLogResolver {
  @FieldResolver(() => LogEntry, { nullable: true, description: 'Where this lookup is in the exchange log (logInclusionProof(messageId: id) proves it); null for the seconds until the sequencer takes it.' })
  logEntry(@Root() entry: DataAccessEntry, @Ctx() ctx: DocumentsContext) {
    return logEntryOf(ctx, ctx.dataSource, 'data_access', entry.id);
  }
}
