import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { ApplicationResultRow } from './application-result.entity';
import { AttachmentRow } from './attachment.entity';
import { Authorized } from 'type-graphql';
import { ApplicationsContext } from './applications.deps';
import { Application, ApplicationResult, Attachment, SubmissionReceipt } from './application.type';
import { toApplication } from './application.service';
import { ResultView } from './application-result.resolver';
import { IssuanceInput, ResultInput } from './result.input';
import { issueResult, receiveResult } from './result.service';
import { SubmissionInput } from './submission.input';
import { submitApplication } from './submission.service';

/** Applications submitted through the hub and the providers' answers, with an application's attachments and result. */
@Resolver(() => Application)
export class SubmissionResolver {
  @Authorized('operator')
  @Mutation(() => SubmissionReceipt, { description: "An operator submits an application, signed; the hub registers it and sends it to the provider's system." })
  async submitApplication(@Arg('input') input: SubmissionInput, @Ctx() ctx: ApplicationsContext): Promise<SubmissionReceipt> {
    const { application, duplicate } = await submitApplication(ctx.deps, ctx.identity, input, ctx.deps.clock());
    return { application: toApplication(application), duplicate };
  }

  @Authorized('provider')
  @Mutation(() => SubmissionReceipt, { description: "A provider's system answers with the result (the issued document, or a refusal), signed." })
  async postResult(@Arg('input') input: ResultInput, @Ctx() ctx: ApplicationsContext): Promise<SubmissionReceipt> {
    const { application, duplicate } = await receiveResult(ctx.deps, ctx.identity, input, ctx.deps.clock());
    return { application: toApplication(application), duplicate };
  }

  @Authorized('operator')
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
