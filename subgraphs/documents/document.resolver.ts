import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { HubContext } from '../shared/context';
import { DocumentRow } from '../shared/entities';
import { Document } from './document.type';
import { findDocument } from './document.service';

@Resolver(() => Document)
export class DocumentResolver {
  @Query(() => Document, { nullable: true })
  document(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext): Promise<DocumentRow | null> {
    return findDocument(ctx.dataSource, ctx.identity, id);
  }
}
