import { canReadApplicationContents } from '../../platform/access';
import { SubmissionRow } from './submission.entity';
import { ErrorCode, hubError } from '../../platform/errors';
import { requireIdentity } from '../../platform/identity';
import { ApplicationsContext } from './applications.deps';

/** The application a nested field belongs to, as far as deciding who may read its contents. */
export interface ContentsOwner { id: string; recipientIin: string; providerBin: string }

/**
 * Refuses the personal data inside an application (the issued document) to everyone but its
 * parties, however the application was reached: by id, by number, in a list or a subscription.
 */
export async function assertCanReadContents(ctx: ApplicationsContext, app: ContentsOwner): Promise<void> {
  const who = requireIdentity(ctx.identity);
  // only an operator's answer depends on who submitted it: ask the database for that alone
  const submittedByBin = who.role === 'operator'
    ? (await ctx.dataSource.manager.findOne(SubmissionRow, { where: { applicationId: app.id }, select: { operatorBin: true } }))?.operatorBin ?? null
    : null;
  if (!canReadApplicationContents(who, { ...app, submittedByBin })) {
    throw hubError(ErrorCode.Forbidden, "An application's documents are for its recipient, its provider, the organisation that submitted it and admins");
  }
}
