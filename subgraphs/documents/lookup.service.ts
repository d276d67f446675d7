import { GraphQLError } from 'graphql';
import { In } from 'typeorm';
import { ApplicationRow } from '../applications/api';
import { ServiceRow } from '../../platform/entities/service.entity';
import { SubmissionRow } from '../applications/api';
import { ErrorCode, hubError } from '../../platform/errors';
import { field } from '../../platform/fields';
import { Identity, requireIdentity, Role } from '../../platform/identity';
import { isUuid } from '../../platform/ids';
import { refuseAndLog } from '../../platform/security-log';
import { CheckedSignature, checkMessageSignature } from '../signatures/api';
import { DocumentsContext } from './documents.deps';
import { Fetched } from './document.sources';
import { applicationRefusal, CitedApplication, consentExpired } from './lookup.basis';
import { DocumentLookupInput, LookupConsentInput } from './lookup.input';
import { ItemOutcome, Journal, LookupFailure, PendingItem } from './lookup.journal';
import { checkLookupRequest, ItemPath, RequestedItem } from './lookup.request';
import { isSecretTypeCode } from './source.registry';

export { MAX_LOOKUPS_PER_REQUEST, MAX_PURPOSE_LENGTH } from './lookup.request';
export type { ItemPath } from './lookup.request';
export type { ItemOutcome, LookupFailure } from './lookup.journal';

/** Who may look up documents (ЦОН exchange rules p.7, p.11): operators, and partner systems. */
const LOOKUP_ROLES: Role[] = ['operator', 'partner'];

/** The operations that look documents up, as the security log names them. */
export type LookupOperation = 'lookupDocument' | 'lookupDocuments' | 'prefillApplication';

/** What the subject signs to consent to a lookup by this requester for this purpose. */
export function lookupConsentPayload(c: { subjectIinBin: string; requesterBin: string; purpose: string; givenAt: string }): Record<string, unknown> {
  return { kind: 'DATA_CONSENT', subjectIinBin: c.subjectIinBin, requesterBin: c.requesterBin, purpose: c.purpose, givenAt: c.givenAt };
}

/** An IIN's 5th-6th digits are a day (01-31); a BIN's are its type and attribute (40-63). */
export function subjectKind(iinBin: string): 'PERSON' | 'ORGANISATION' {
  return Number(iinBin.slice(4, 6)) > 31 ? 'ORGANISATION' : 'PERSON';
}

const failure = (error: GraphQLError): LookupFailure => ({ code: String(error.extensions.code), message: error.message, field: (error.extensions.field as string) ?? null });

/** A caller entitled to look up: an operator or partner of an organisation (an operator in person). */
type LookupCaller = Identity & { bin: string };

/**
 * Refuses a role that may never look documents up, or a token without the organisation (and the
 * operator's IIN), before anything of the request is considered: such a refusal is no attempt on
 * the subject's data to show them, so it goes to the staff-only security log, never to the
 * citizen's journal. A state secret asked by name is refused as such, to everyone.
 */
export async function admitLookupCaller(ctx: DocumentsContext, operation: LookupOperation, secretAskedAt?: string): Promise<LookupCaller> {
  const who = requireIdentity(ctx.identity);
  const refuse = (error: GraphQLError) => refuseAndLog(ctx.dataSource, who, ctx.requestId, operation, error);
  if (!LOOKUP_ROLES.includes(who.role)) {
    if (secretAskedAt) return refuse(hubError(ErrorCode.DocumentClassified, 'A state secret: the hub never exchanges it', secretAskedAt));
    return refuse(hubError(ErrorCode.Forbidden, `Documents are looked up by operators and partner systems; you are ${who.role}`));
  }
  if (!who.bin || (who.role === 'operator' && !who.iin)) {
    return refuse(hubError(ErrorCode.Forbidden, "The token must carry the organisation's BIN (and an operator's IIN)"));
  }
  return who as LookupCaller;
}

/**
 * Looks up documents in other providers' databases (exchange rules p.6-7): admits the caller,
 * checks the request whole (a malformed one is refused without touching anyone's journal), then
 * the signature and each document (classification, what entitles it), asks each source once for
 * all its subjects, and records every document asked for in the access journal before answering,
 * refused ones too. `payload` is what the caller signed.
 */
export async function performLookups(ctx: DocumentsContext, input: DocumentLookupInput, payload: Record<string, unknown>, itemPath: ItemPath, operation: LookupOperation, now = new Date()): Promise<ItemOutcome[]> {
  const registry = ctx.deps.sources.registry;
  const onlyItem = input.items?.length === 1 ? input.items[0] : undefined;
  const secretAsked = !!onlyItem && isSecretTypeCode(registry, String(onlyItem.documentType ?? '').slice(0, 64));
  const who = await admitLookupCaller(ctx, operation, secretAsked ? `${itemPath(0)}.documentType` : undefined);
  let request: ReturnType<typeof checkLookupRequest>;
  try {
    request = checkLookupRequest(input, registry, itemPath, now);
  } catch (error) {
    if (error instanceof GraphQLError) return refuseAndLog(ctx.dataSource, who, ctx.requestId, operation, error);
    throw error;
  }
  const items = request.items.map(pending);
  const journal = new Journal(ctx, who, request.purpose, now);

  // a state secret is refused to everyone, before its source or anything else is considered (exchange rules p.2)
  for (const item of request.items) {
    if (item.secret) items[item.index].error = failure(hubError(ErrorCode.DocumentClassified, `${item.documentType} is a state secret: the hub never exchanges it`, `${itemPath(item.index)}.documentType`));
  }
  try {
    // signed by the operator in person, or by the partner organisation's system (ЦОН exchange rules p.11.3)
    journal.signature = {
      value: input.signature,
      checked: await checkMessageSignature(ctx.deps.verifier, {
        signature: input.signature, payload, receivedAt: now, senderBin: who.bin, senderIin: who.role === 'operator' ? who.iin : undefined,
      }),
    };
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    for (const item of items) item.error ??= failure(error);
    await journal.record(items, new Map());
    throw error;
  }

  await checkEntitlements(ctx, who, request.purpose, request.items, items, itemPath, now);
  const fetched = new Map<number, Fetched>();
  await Promise.all(items.filter((i) => !i.error).map(async (item) => {
    fetched.set(item.index, await ctx.fetchDocument(item.type!, item.subject));
  }));
  return journal.record(items, fetched);
}

function pending(item: RequestedItem): PendingItem {
  return {
    index: item.index,
    documentType: item.documentType,
    subject: item.subject,
    applicationId: item.applicationId && isUuid(item.applicationId) ? item.applicationId : null,
    basis: item.applicationId ? 'APPLICATION' : item.consent ? 'CONSENT' : null,
    type: item.type,
  };
}

/** Per document: an application that entitles this requester to it, or the subject's own consent. */
async function checkEntitlements(ctx: DocumentsContext, who: LookupCaller, purpose: string, requested: RequestedItem[], items: PendingItem[], itemPath: ItemPath, now: Date): Promise<void> {
  const cited = await citedApplications(ctx, items);
  const consents = new Map<string, CheckedSignature>();
  for (const asked of requested) {
    const item = items[asked.index];
    if (item.error) continue;
    const path = itemPath(asked.index);
    try {
      if (asked.applicationId) {
        const app = item.applicationId ? cited.get(item.applicationId) : undefined;
        if (!app) throw hubError(ErrorCode.NotFound, `No application ${asked.applicationId}`, `${path}.applicationId`);
        const refusal = applicationRefusal(app, { requesterBin: who.bin, subject: item.subject, documentType: item.documentType, applicationId: asked.applicationId });
        if (refusal) throw hubError(refusal.code, refusal.message, `${path}.${refusal.field}`);
      } else if (asked.consent) {
        item.consentSignature = { value: asked.consent.signature, checked: await checkConsent(ctx, who, asked.consent, item.subject, purpose, `${path}.consent`, now, consents) };
      } else {
        throw hubError(ErrorCode.LookupBasisRequired, `${path} needs the application it serves (applicationId) or the subject's signed consent`, path);
      }
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      item.error = failure(error);
    }
  }
}

/** The applications the items cite, with who submitted each and what its service requires, in three queries however many. */
async function citedApplications(ctx: DocumentsContext, items: PendingItem[]): Promise<Map<string, CitedApplication>> {
  const ids = [...new Set(items.map((i) => i.applicationId).filter((id): id is string => !!id))];
  if (!ids.length) return new Map();
  const m = ctx.dataSource.manager;
  const apps = await m.findBy(ApplicationRow, { id: In(ids) });
  if (!apps.length) return new Map();
  const submissions = await m.find(SubmissionRow, { where: { applicationId: In(apps.map((a) => a.id)) }, select: { applicationId: true, operatorBin: true } });
  const services = await m.findBy(ServiceRow, { code: In([...new Set(apps.map((a) => a.serviceCode))]) });
  const submittedBy = new Map(submissions.map((s) => [s.applicationId, s.operatorBin]));
  const required = new Map(services.map((s) => [s.code, s.requiredDocuments]));
  return new Map(apps.map((a) => [a.id, {
    number: a.number, serviceCode: a.serviceCode, recipientIin: a.recipientIin, providerBin: a.providerBin,
    submittedByBin: submittedBy.get(a.id) ?? null, closed: a.closedAt !== null, requiredDocuments: required.get(a.serviceCode) ?? [],
  }]));
}

/**
 * A consent is the subject's own signature over this requester's BIN and this lookup's purpose
 * (so it serves one organisation and one purpose), given no longer ago than the configured
 * maximum and not in the future beyond the clock skew.
 */
async function checkConsent(ctx: DocumentsContext, who: LookupCaller, consent: LookupConsentInput, subject: string, purpose: string, path: string, now: Date, seen: Map<string, CheckedSignature>): Promise<CheckedSignature> {
  const givenAt = field.time(consent.givenAt, `${path}.givenAt`, now);
  const maxAgeDays = ctx.deps.lookups.consentMaxAgeDays;
  if (consentExpired(givenAt, now, maxAgeDays)) {
    throw hubError(ErrorCode.ConsentExpired, `The consent was given on ${consent.givenAt}, more than ${maxAgeDays} days ago: ask the subject for a new one`, `${path}.givenAt`);
  }
  const known = seen.get(consent.signature ?? '');
  if (known) return known;
  const person = subjectKind(subject) === 'PERSON';
  try {
    const checked = await checkMessageSignature(ctx.deps.verifier, {
      signature: consent.signature,
      payload: lookupConsentPayload({ subjectIinBin: subject, requesterBin: who.bin, purpose, givenAt: consent.givenAt }),
      receivedAt: now,
      // a person consents with their own certificate; an organisation through its authorised person
      ...(person ? { senderIin: subject } : { senderBin: subject }),
      signerRole: 'the subject',
    });
    seen.set(consent.signature, checked);
    return checked;
  } catch (error) {
    if (error instanceof GraphQLError) throw hubError(error.extensions.code as ErrorCode, `Consent: ${error.message}`, `${path}.signature`);
    throw error;
  }
}
