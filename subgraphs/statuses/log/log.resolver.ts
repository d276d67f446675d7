import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { StatusesContext } from '../statuses.deps';
import { consistency, inclusionProofs, latestHead, requireLogReader } from './log.service';
import { LogConsistencyProof, LogInclusionProof, LogTreeHead } from './log.type';

@Resolver()
export class ExchangeLogResolver {
  @Query(() => LogTreeHead, { nullable: true, description: 'The exchange log\'s latest signed tree head (null before the first).' })
  logTreeHead(@Ctx() ctx: StatusesContext) {
    requireLogReader(ctx.identity);
    return latestHead(ctx.dataSource);
  }

  @Query(() => [LogInclusionProof], { description: 'Proofs that the messages with this id are in the exchange log: a citizen\'s own applications and lookups of their data, a provider\'s own messages, all for analysts and admins.' })
  logInclusionProof(@Ctx() ctx: StatusesContext, @Arg('messageId') messageId: string) {
    return inclusionProofs(ctx.dataSource, ctx.identity, messageId);
  }

  @Query(() => LogConsistencyProof, { description: 'That the exchange log of size `to` extends the one of size `from`: it was only appended to.' })
  logConsistencyProof(@Ctx() ctx: StatusesContext, @Arg('from', () => Int) from: number, @Arg('to', () => Int) to: number) {
    return consistency(ctx.dataSource, ctx.identity, from, to);
  }
}
