import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { ApplicationResultRow } from './application-result.entity';
import { ApplicationsContext } from './applications.deps';
import { assertCanReadContents, ContentsOwner } from './application.contents';
import { ApplicationResult, IssuedDocument } from './application.type';

/** A result as the applications subgraph passes it to its own field resolvers: with the application it answers. */
export type ResultView = Omit<ApplicationResult, 'document'> & { application: ContentsOwner };

@Resolver(() => ApplicationResult)
export class ApplicationResultResolver {
  @FieldResolver(() => IssuedDocument, { nullable: true, description: 'The issued document: for the recipient, the provider, the organisation that submitted the application, and admins.' })
  async document(@Root() result: ResultView, @Ctx() ctx: ApplicationsContext): Promise<IssuedDocument | null> {
    await assertCanReadContents(ctx, result.application);
    const row = await ctx.dataSource.manager.createQueryBuilder(ApplicationResultRow, 'r').addSelect('r.content').where('r.application_id = :id', { id: result.application.id }).getOne();
    if (!row?.content) return null;
    return { fileName: row.documentName!, mediaType: row.mediaType!, sizeBytes: row.sizeBytes!, sha256: row.sha256!, contentBase64: row.content.toString('base64') };
  }
}
