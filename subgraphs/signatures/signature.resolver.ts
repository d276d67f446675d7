import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { HubContext } from '../../platform/context';
import { SignatureRow } from './signature.entity';
import { Signature } from './signature.type';
import { findSignature } from './signature.service';

@Resolver(() => Signature)
export class SignatureResolver {
  @Query(() => Signature, { nullable: true })
  signature(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext): Promise<SignatureRow | null> {
    return findSignature(ctx.dataSource, ctx.identity, id);
  }
}
