import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ApplicationResultRow } from './application-result.entity';
import { AttachmentRow } from './attachment.entity';
import { ApplicationsContext } from './applications.deps';
import { assertCanReadContents, ContentsOwner } from './application.contents';
import { Application, ApplicationResult, Attachment, Document, IssuedDocument, SubmissionReceipt } from './application.type';
import { toApplication } from './application.service';
import { DeliveryAttempt, ExchangeMessage, ExchangeMessagePage, MessageFilter } from './message.type';
import { attemptsOf, listMessages, retryDelivery } from './message.service';
import { IssuanceInput, ResultInput } from './result.input';
import { issueResult, receiveResult } from './result.service';
import { SubmissionInput } from './submission.input';
import { submitApplication } from './submission.service';
import { answerSurvey, surveyResults } from './survey.service';
import { ServiceSurveyResult, SurveyInput } from './survey.type';

/** Applications submitted through the hub, the providers' answers, and the quality survey. */
@Resolver(() => Application)
export class SubmissionResolver {
  @Mutation(() => SubmissionReceipt, { description: "An operator submits an application, signed; the hub registers it and sends it to the provider's system." })
  async submitApplication(@Arg('input') input: SubmissionInput, @Ctx() ctx: ApplicationsContext): Promise<SubmissionReceipt> {
    const { application, duplicate } = await submitApplication(ctx.deps, ctx.identity, input, ctx.deps.clock());
    return { application: toApplication(application), duplicate };
  }

  @Mutation(() => SubmissionReceipt, { description: "A provider's system answers with the result (the issued document, or a refusal), signed." })
  async postResult(@Arg('input') input: ResultInput, @Ctx() ctx: ApplicationsContext): Promise<SubmissionReceipt> {
    const { application, duplicate } = await receiveResult(ctx.deps, ctx.identity, input, ctx.deps.clock());
    return { application: toApplication(application), duplicate };
  }

  @Mutation(() => Application, { description: 'The operator hands the issued result to the recipient, closing the application.' })
  async issueResult(@Arg('input') input: IssuanceInput, @Ctx() ctx: ApplicationsContext): Promise<Application> {
    return toApplication(await issueResult(ctx.deps, ctx.identity, input, ctx.deps.clock()));
  }

  @FieldResolver(() => [Attachment], { description: 'Electronic copies of documents and the consent scan (HUB applications).' })
  attachments(@Root() app: Application, @Ctx() ctx: ApplicationsContext): Promise<AttachmentRow[]> {
    return ctx.dataSource.manager.find(AttachmentRow, { where: { applicationId: app.id }, order: { purpose: 'ASC', fileName: 'ASC' } });
  }

  @FieldResolver(() => ApplicationResult, { nullable: true, description: "The provider's result, once it answered." })
  async result(@Root() app: Application, @Ctx() ctx: ApplicationsContext): Promise<ResultView | null> {
    // the content is read only when the document is asked for, by someone who may have it
    const row = await ctx.dataSource.manager.findOneBy(ApplicationResultRow, { applicationId: app.id });
    if (!row) return null;
    return {
      outcome: row.outcome,
      refusalReason: row.refusalReason,
      decidedAt: row.decidedAt,
      receivedAt: row.receivedAt,
      application: { id: app.id, recipientIin: app.recipient.iinOrBin, providerBin: app.providerBin },
    };
  }
}

/** A result as the applications subgraph passes it to its own field resolvers: with the application it answers. */
type ResultView = Omit<ApplicationResult, 'document'> & { application: ContentsOwner };

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

@Resolver(() => ExchangeMessage)
export class MessageJournalResolver {
  @Query(() => ExchangeMessagePage, { description: 'The message journal: every request sent and response received (admins and analysts).' })
  async exchangeMessages(
    @Ctx() ctx: ApplicationsContext,
    @Arg('filter', () => MessageFilter, { nullable: true }) filter?: MessageFilter,
    @Arg('first', () => Int, { defaultValue: 50 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<ExchangeMessagePage> {
    const page = await listMessages(ctx.deps, ctx.identity, filter ?? {}, first, after ?? undefined);
    return { nodes: page.rows, endCursor: page.endCursor, hasNextPage: page.hasNextPage };
  }

  @Mutation(() => ExchangeMessage, { description: 'An admin sends a dead-lettered request again.' })
  retryDelivery(@Arg('id', () => ID) id: string, @Ctx() ctx: ApplicationsContext): Promise<ExchangeMessage> {
    return retryDelivery(ctx.deps, ctx.identity, id);
  }

  @FieldResolver(() => [DeliveryAttempt], { description: 'Every attempt to deliver it, with why each failed.' })
  attemptLog(@Root() message: ExchangeMessage, @Ctx() ctx: ApplicationsContext): Promise<DeliveryAttempt[]> {
    return attemptsOf(ctx.deps, message.id);
  }
}

@Resolver()
export class SurveyResolver {
  @Mutation(() => Boolean, { description: 'The recipient answers the quality survey about their closed application.' })
  async answerSurvey(@Arg('input') input: SurveyInput, @Ctx() ctx: ApplicationsContext): Promise<boolean> {
    await answerSurvey(ctx.deps, ctx.identity, input, ctx.deps.clock());
    return true;
  }

  @Query(() => [ServiceSurveyResult], { description: 'The quality survey aggregated per service (analysts and admins).' })
  surveyResults(@Ctx() ctx: ApplicationsContext, @Arg('serviceCode', () => String, { nullable: true }) serviceCode?: string): Promise<ServiceSurveyResult[]> {
    return surveyResults(ctx.deps, ctx.identity, serviceCode ?? undefined);
  }
}

@Resolver(() => Attachment)
export class AttachmentResolver {
  @FieldResolver(() => Document, { nullable: true })
  document(@Root() attachment: AttachmentRow): Document | null {
    return attachment.documentId ? { id: attachment.documentId } : null;
  }
}
