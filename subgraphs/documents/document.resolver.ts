import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import { Field, ObjectType } from 'type-graphql';
import { requireIdentity, requireRole } from '../../platform/identity';
import { dataAccessJournal, myDataAccess } from './access-journal.service';
import { DataAccessFilter, DataAccessPage } from './access-journal.type';
import { DocumentsContext } from './documents.deps';
import { findDocument } from './document.service';
import { Document, DocumentSource, DocumentTypeInfo } from './document.type';
import { documentView } from './document.view';
import { isSecret } from './source.registry';

@ObjectType({ description: 'A source, its limits and how it has been answering since this process started.' })
export class DocumentSourceStatus {
  @Field(() => DocumentSource) source: DocumentSource;
  @Field() connector: string;
  @Field() secret: boolean;
  @Field(() => Int) timeoutMs: number;
  @Field(() => Int) concurrency: number;
  @Field(() => Int, { description: 'Calls made (one per request and document type, however many subjects).' }) calls: number;
  @Field(() => Int) failures: number;
  @Field(() => Int) cacheHits: number;
}

@Resolver()
export class DocumentResolver {
  @Query(() => Document, { nullable: true, description: 'A looked-up document: for its subject, the organisation that looked it up, the provider of an application it is attached to, and admins.' })
  async document(@Arg('id', () => ID) id: string, @Ctx() ctx: DocumentsContext): Promise<Document | null> {
    const row = await findDocument(ctx, id);
    return row && documentView(row, ctx.deps.sources.registry);
  }

  @Query(() => [DocumentTypeInfo], { description: 'The document types the hub can look up, and their sources.' })
  documentTypes(@Ctx() ctx: DocumentsContext): DocumentTypeInfo[] {
    requireIdentity(ctx.identity);
    const registry = ctx.deps.sources.registry;
    return [...registry.types.values()].map((t) => {
      const s = registry.sources.get(t.source)!;
      return { code: t.code, nameRu: t.nameRu, nameKk: t.nameKk, source: { code: s.code, name: s.nameRu, ownerBin: s.ownerBin }, secret: isSecret(registry, t), cacheSeconds: t.cacheSeconds };
    });
  }

  @Query(() => [DocumentSourceStatus], { description: 'Admins and analysts: each source with its limits and call counts.' })
  documentSources(@Ctx() ctx: DocumentsContext): DocumentSourceStatus[] {
    requireRole(ctx.identity, 'admin', 'analyst');
    const { registry, stats } = ctx.deps.sources;
    return [...registry.sources.values()].map((s) => ({
      source: { code: s.code, name: s.nameRu, ownerBin: s.ownerBin }, connector: s.connector, secret: s.classification === 'SECRET',
      timeoutMs: s.timeoutMs, concurrency: s.concurrency, ...stats.get(s.code)!,
    }));
  }

  @Query(() => DataAccessPage, { description: 'Citizens: who looked up my data, when and why, newest first (ЦОН exchange rules p.11.3).' })
  myDataAccess(
    @Ctx() ctx: DocumentsContext,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<DataAccessPage> {
    return myDataAccess(ctx.dataSource, ctx.identity, first, after ?? undefined);
  }

  @Query(() => DataAccessPage, { description: 'Analysts and admins: the access journal by organisation, subject, type, outcome and period, newest first.' })
  dataAccessJournal(
    @Ctx() ctx: DocumentsContext,
    @Arg('filter', () => DataAccessFilter, { nullable: true }) filter: DataAccessFilter | undefined,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<DataAccessPage> {
    return dataAccessJournal(ctx.dataSource, ctx.identity, filter ?? {}, first, after ?? undefined);
  }
}
