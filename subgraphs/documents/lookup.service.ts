import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { In } from 'typeorm';
import { ApplicationRow, DataAccessRow, DocumentRow, SignatureRow } from '../shared/entities';
import { AccessOutcome } from '../shared/entities/data-access.entity';
import { ErrorCode, hubError } from '../shared/errors';
import { field } from '../shared/fields';
import { Identity, requireIdentity } from '../shared/identity';
import { isValidIinBin } from '../shared/iin';
import { isUuid } from '../shared/ids';
import { CheckedSignature, checkMessageSignature, signatureRow } from '../signatures/message-signature';
import { documentContent } from './document.content';
import { DocumentsContext } from './documents.deps';
import { Fetched } from './document.sources';
import { DocumentLookupInput, LookupConsentInput, LookupItemInput } from './lookup.input';
import { DocumentTypeDefinition, isSecretTypeCode } from './source.registry';

/** More than this in one request is refused: a lookup is for an application, not a register dump. */
export const MAX_LOOKUPS_PER_REQUEST = 500;
/** Who may look up documents (ЦОН exchange rules p.7, p.11): operators, and partner systems. */
const LOOKUP_ROLES = ['operator', 'partner'];

export interface LookupFailure { code: string; message: string; field: string | null }

export interface ItemOutcome {
  documentType: string;
  subjectIinBin: string;
  document: DocumentRow | null;
  error: LookupFailure | null;
}

/** Where an item's fields are, for naming them in errors: a batch names input.items.N, a single lookup input itself. */
export type ItemPath = (index: number) => string;

/** What the subject signs to consent to a lookup by this requester for this purpose. */
export function lookupConsentPayload(c: { subjectIinBin: string; requesterBin: string; purpose: string; givenAt: string }): Record<string, unknown> {
  return { kind: 'DATA_CONSENT', subjectIinBin: c.subjectIinBin, requesterBin: c.requesterBin, purpose: c.purpose, givenAt: c.givenAt };
}

/** An IIN's 5th-6th digits are a day (01-31); a BIN's are its type and attribute (40-63). */
export function subjectKind(iinBin: string): 'PERSON' | 'ORGANISATION' {
  return Number(iinBin.slice(4, 6)) > 31 ? 'ORGANISATION' : 'PERSON';
}

interface PendingItem {
  index: number;
  documentType: string;
  subject: string;
  applicationId: string | null;
  basis: 'APPLICATION' | 'CONSENT' | null;
  type?: DocumentTypeDefinition;
  consentSignature?: { value: string; checked: CheckedSignature };
  error?: LookupFailure;
}

const failure = (error: GraphQLError): LookupFailure => ({ code: String(error.extensions.code), message: error.message, field: (error.extensions.field as string) ?? null });

/**
 * Looks up documents in other providers' databases (exchange rules p.6-7): checks the request
 * whole (who, purpose, signature), then each document (type, classification, subject, what
 * entitles it), asks each source once for all its subjects, and records every document asked for
 * in the access journal before answering — refused ones too. `payload` is what the caller signed.
 */
export async function performLookups(ctx: DocumentsContext, input: DocumentLookupInput, payload: Record<string, unknown>, itemPath: ItemPath, now = new Date()): Promise<ItemOutcome[]> {
  const who = requireIdentity(ctx.identity);
  const registry = ctx.deps.sources.registry;
  const items: PendingItem[] = (input.items ?? []).map((item, index) => ({
    index,
    documentType: (item.documentType ?? '').trim().slice(0, 64),
    subject: (item.subjectIinBin ?? '').trim().slice(0, 32),
    applicationId: item.applicationId && isUuid(item.applicationId) ? item.applicationId : null,
    basis: item.applicationId ? 'APPLICATION' : item.consent ? 'CONSENT' : null,
  }));
  const journal = new Journal(ctx, who, input.purpose?.trim() || null, now);

  // a state secret is refused to everyone, before anything else is considered (exchange rules p.2)
  for (const item of items) {
    if (isSecretTypeCode(registry, item.documentType)) {
      item.error = failure(hubError(ErrorCode.DocumentClassified, `${item.documentType} is a state secret: the hub never exchanges it`, `${itemPath(item.index)}.documentType`));
    }
  }
  const refuseAll = async (error: GraphQLError): Promise<never> => {
    // an oversized request is journalled up to the limit: a refusal must not become a way to flood the journal
    const recorded = items.slice(0, MAX_LOOKUPS_PER_REQUEST);
    for (const item of recorded) item.error ??= failure(error);
    await journal.record(recorded, new Map());
    throw error;
  };

  if (!LOOKUP_ROLES.includes(who.role)) {
    const secret = items.find((i) => i.error?.code === ErrorCode.DocumentClassified);
    if (secret && items.length === 1) return refuseAll(hubError(ErrorCode.DocumentClassified, secret.error!.message, secret.error!.field ?? undefined));
    return refuseAll(hubError(ErrorCode.Forbidden, `Documents are looked up by operators and partner systems; you are ${who.role}`));
  }
  if (!who.bin || (who.role === 'operator' && !who.iin)) {
    return refuseAll(hubError(ErrorCode.Forbidden, "The token must carry the organisation's BIN (and an operator's IIN)"));
  }
  let signed: CheckedSignature;
  try {
    if (!items.length) throw hubError(ErrorCode.FieldRequired, 'input must name at least one document', 'input.items');
    if (items.length > MAX_LOOKUPS_PER_REQUEST) throw hubError(ErrorCode.TooManyLookups, `At most ${MAX_LOOKUPS_PER_REQUEST} documents in one request`, 'input.items');
    field.text(input.purpose, 'input.purpose', 500);
    field.time(input.requestedAt, 'input.requestedAt', now);
    // signed by the operator in person, or by the partner organisation's system (ЦОН exchange rules p.11.3)
    signed = await checkMessageSignature(ctx.deps.verifier, {
      signature: input.signature, payload, receivedAt: now, senderBin: who.bin, senderIin: who.role === 'operator' ? who.iin : undefined,
    });
  } catch (error) {
    if (error instanceof GraphQLError) return refuseAll(error);
    throw error;
  }
  journal.signature = { value: input.signature, checked: signed };

  await checkItems(ctx, input, items, itemPath, now);
  const fetched = new Map<number, Fetched>();
  await Promise.all(items.filter((i) => !i.error).map(async (item) => {
    fetched.set(item.index, await ctx.fetchDocument(item.type!, item.subject));
  }));
  return journal.record(items, fetched);
}

/** Per document: a known type, a valid subject, and an application of that subject or their signed consent. */
async function checkItems(ctx: DocumentsContext, input: DocumentLookupInput, items: PendingItem[], itemPath: ItemPath, now: Date): Promise<void> {
  const registry = ctx.deps.sources.registry;
  const appIds = [...new Set(items.map((i) => i.applicationId).filter((id): id is string => !!id))];
  const apps = new Map((appIds.length ? await ctx.dataSource.manager.findBy(ApplicationRow, { id: In(appIds) }) : []).map((a) => [a.id, a]));
  const consents = new Map<string, CheckedSignature>();
  for (const item of items) {
    if (item.error) continue;
    const path = itemPath(item.index);
    const raw: LookupItemInput = input.items[item.index];
    try {
      const type = registry.types.get(item.documentType);
      if (!item.documentType) throw hubError(ErrorCode.FieldRequired, `${path}.documentType is required`, `${path}.documentType`);
      if (!type) throw hubError(ErrorCode.UnknownDocumentType, `No document type "${item.documentType}"; documentTypes lists them`, `${path}.documentType`);
      item.type = type;
      item.subject = field.iinBin(raw.subjectIinBin, `${path}.subjectIinBin`);
      if (raw.applicationId) {
        const app = item.applicationId ? apps.get(item.applicationId) : undefined;
        if (!app) throw hubError(ErrorCode.NotFound, `No application ${raw.applicationId}`, `${path}.applicationId`);
        if (app.recipientIin !== item.subject) throw hubError(ErrorCode.ApplicationOfAnotherRecipient, `Application ${app.number} is not of ${item.subject}: it cannot entitle this lookup`, `${path}.applicationId`);
      } else if (raw.consent) {
        item.consentSignature = { value: raw.consent.signature, checked: await checkConsent(ctx, raw.consent, item.subject, input.purpose.trim(), `${path}.consent`, now, consents) };
      } else {
        throw hubError(ErrorCode.LookupBasisRequired, `${path} needs the application it serves (applicationId) or the subject's signed consent`, path);
      }
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      item.error = failure(error);
    }
  }
}

async function checkConsent(ctx: DocumentsContext, consent: LookupConsentInput, subject: string, purpose: string, path: string, now: Date, seen: Map<string, CheckedSignature>): Promise<CheckedSignature> {
  field.time(consent.givenAt, `${path}.givenAt`, now);
  const known = seen.get(consent.signature ?? '');
  if (known) return known;
  const person = subjectKind(subject) === 'PERSON';
  try {
    const checked = await checkMessageSignature(ctx.deps.verifier, {
      signature: consent.signature,
      payload: lookupConsentPayload({ subjectIinBin: subject, requesterBin: ctx.identity!.bin!, purpose, givenAt: consent.givenAt }),
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

/**
 * Writes the access journal (and the returned documents) in one transaction, before the answer
 * leaves: every document asked for gets its entry, whatever became of it.
 */
class Journal {
  signature?: { value: string; checked: CheckedSignature };

  constructor(private readonly ctx: DocumentsContext, private readonly who: Identity, private readonly purpose: string | null, private readonly now: Date) {}

  async record(items: PendingItem[], fetched: Map<number, Fetched>): Promise<ItemOutcome[]> {
    const registry = this.ctx.deps.sources.registry;
    const outcomes: ItemOutcome[] = [];
    const accessRows: Partial<DataAccessRow>[] = [];
    const documents: DocumentRow[] = [];
    await this.ctx.dataSource.transaction(async (m) => {
      const signatureId = this.signature ? (await m.save(SignatureRow, m.create(SignatureRow, signatureRow(this.signature.value, this.signature.checked, this.now)))).id : null;
      const consentIds = new Map<string, string>();
      for (const item of items) {
        if (!item.consentSignature || consentIds.has(item.consentSignature.value)) continue;
        const row = await m.save(SignatureRow, m.create(SignatureRow, signatureRow(item.consentSignature.value, item.consentSignature.checked, this.now)));
        consentIds.set(item.consentSignature.value, row.id);
      }
      for (const item of items) {
        const accessId = randomUUID();
        const answer = fetched.get(item.index);
        let outcome: AccessOutcome = 'REFUSED';
        let error = item.error ?? null;
        let document: DocumentRow | null = null;
        if (!error && answer?.ok) {
          outcome = 'RETURNED';
          const source = registry.sources.get(item.type!.source)!;
          const content = documentContent(answer.record);
          document = m.create(DocumentRow, {
            id: randomUUID(), documentType: item.type!.code, subjectIin: item.subject, sourceBin: source.ownerBin, sourceCode: source.code,
            fetchedAt: answer.fetchedAt, contentSha256: content.contentSha256, content: content.data,
            lookedUpByBin: this.who.bin ?? null, accessId, fromCache: answer.fromCache,
          });
          documents.push(document);
        } else if (!error && answer && !answer.ok) {
          outcome = answer.code === ErrorCode.NoRecordAtSource ? 'NOT_FOUND' : 'FAILED';
          error = { code: answer.code, message: answer.message, field: null };
        }
        accessRows.push({
          id: accessId, at: this.now, requestId: this.ctx.requestId, actorSubject: this.who.subject, actorRole: this.who.role,
          actorIin: this.who.iin ?? null, actorBin: this.who.bin ?? null, actorName: this.signature?.checked.verified.signerName ?? null,
          documentType: item.documentType || '(none)', subject: item.subject, purpose: this.purpose, applicationId: item.applicationId,
          basis: item.basis, outcome, errorCode: error?.code ?? null, sourceCode: item.type?.source ?? registry.types.get(item.documentType)?.source ?? null,
          documentId: null, signatureId, consentSignatureId: item.consentSignature ? consentIds.get(item.consentSignature.value)! : null,
        });
        outcomes.push({ documentType: item.documentType, subjectIinBin: item.subject, document, error });
      }
      await m.insert(DataAccessRow, accessRows);
      if (documents.length) {
        await m.insert(DocumentRow, documents as object[]);
        await m.query('UPDATE data_access a SET document_id = d.id FROM document d WHERE d.access_id = a.id AND a.id = ANY($1::uuid[])', [documents.map((d) => d.accessId)]);
      }
    });
    return outcomes;
  }
}
