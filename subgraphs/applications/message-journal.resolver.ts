import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { connectionOf } from '../../platform/connection';
import { ApplicationsContext } from './applications.deps';
import { DeliveryAttempt, ExchangeMessage, ExchangeMessageConnection, MessageFilter } from './message.type';
import { attemptsOf, listMessages, messageCursor, retryDelivery } from './message.service';

/** The message journal (exchange rules p.9) and the dead letters an admin sends again. */
@Resolver(() => ExchangeMessage)
export class MessageJournalResolver {
  @Authorized('admin', 'analyst', 'operator')
  @Query(() => ExchangeMessageConnection, { description: 'The message journal: every request sent and response received (admins and analysts; an operator, filtered to an application their organisation submitted).' })
  async exchangeMessages(
    @Ctx() ctx: ApplicationsContext,
    @Arg('filter', () => MessageFilter, { nullable: true }) filter?: MessageFilter,
    @Arg('first', () => Int, { defaultValue: 50 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<ExchangeMessageConnection> {
    const page = await listMessages(ctx.deps, ctx.identity, filter ?? {}, first, after ?? undefined);
    return connectionOf(page.rows as unknown as ExchangeMessage[], messageCursor as (m: ExchangeMessage) => string, { hasNextPage: page.hasNextPage, after });
  }

  @Authorized('admin')
  @Mutation(() => ExchangeMessage, { description: 'An admin sends a dead-lettered request again.' })
  retryDelivery(@Arg('id', () => ID) id: string, @Ctx() ctx: ApplicationsContext): Promise<ExchangeMessage> {
    return retryDelivery(ctx.deps, ctx.identity, id);
  }

  @FieldResolver(() => [DeliveryAttempt], { description: 'Every attempt to deliver it, with why each failed.' })
  attemptLog(@Root() message: ExchangeMessage, @Ctx() ctx: ApplicationsContext): Promise<DeliveryAttempt[]> {
    return attemptsOf(ctx.deps, message.id);
  }
}
