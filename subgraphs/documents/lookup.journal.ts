import { randomUUID } from 'node:crypto';
import { DataAccessRow } from './data-access.entity';
import { DocumentRow } from './document.entity';
import { recordSignature } from '../signatures/api';
import { AccessOutcome } from './data-access.entity';
import { ErrorCode } from '../../platform/errors';
import { Identity } from '../../platform/identity';
import { CheckedSignature, signatureRow } from '../signatures/api';
import { documentContent } from './document.content';
import { Fetched } from './document.sources';
import { DocumentsContext } from './documents.deps';
import { DocumentTypeDefinition } from './source.registry';

export interface LookupFailure { code: string; message: string; field: string | null }

export interface ItemOutcome {
  documentType: string;
  subjectIinBin: string;
  document: DocumentRow | null;
  error: LookupFailure | null;
}

/** A well-formed document asked for, on its way to the journal. */
export interface PendingItem {
  index: number;
  documentType: string;
  subject: string;
  applicationId: string | null;
  basis: 'APPLICATION' | 'CONSENT' | null;
  type?: DocumentTypeDefinition;
  consentSignature?: { value: string; checked: CheckedSignature };
  error?: LookupFailure;
}

/**
 * Writes the access journal (and the returned documents) in one transaction, before the answer
 * leaves: every document asked for gets its entry, whatever became of it.
 */
export class Journal {
  signature?: { value: string; checked: CheckedSignature };

  constructor(private readonly ctx: DocumentsContext, private readonly who: Identity, private readonly purpose: string, private readonly now: Date) {}

  async record(items: PendingItem[], fetched: Map<number, Fetched>): Promise<ItemOutcome[]> {
    const registry = this.ctx.deps.sources.registry;
    const outcomes: ItemOutcome[] = [];
    const accessRows: Partial<DataAccessRow>[] = [];
    const documents: DocumentRow[] = [];
    await this.ctx.dataSource.transaction(async (m) => {
      const signatureId = this.signature ? (await recordSignature(m, signatureRow(this.signature.value, this.signature.checked, this.now))).id : null;
      const consentIds = new Map<string, string>();
      for (const item of items) {
        if (!item.consentSignature || consentIds.has(item.consentSignature.value)) continue;
        const row = await recordSignature(m, signatureRow(item.consentSignature.value, item.consentSignature.checked, this.now));
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
          documentType: item.documentType, subject: item.subject, purpose: this.purpose, applicationId: item.applicationId,
          basis: item.basis, outcome, errorCode: error?.code ?? null, sourceCode: item.type?.source ?? registry.types.get(item.documentType)?.source ?? null,
          documentId: null, signatureId, consentSignatureId: item.consentSignature ? consentIds.get(item.consentSignature.value)! : null,
        });
        outcomes.push({ documentType: item.documentType, subjectIinBin: item.subject, document, error });
      }
      await m.insert(DataAccessRow, accessRows);
      if (documents.length) {
        await m.insert(DocumentRow, documents as object[]);
        // each entry and its document point at each other (the entry is written first, for the foreign
        // keys): linked by the ids given here, as no index finds a document by its entry (access_id),
        // and a join on it would read every document ever looked up
        await m.query('UPDATE data_access a SET document_id = v.document_id FROM unnest($1::uuid[], $2::uuid[]) AS v(access_id, document_id) WHERE a.id = v.access_id',
          [documents.map((d) => d.accessId), documents.map((d) => d.id)]);
      }
    });
    return outcomes;
  }
}
