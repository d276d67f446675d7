import { DemoSigner } from '../../subgraphs/signatures/demo-pki';
import { lookupConsentPayload } from '../../subgraphs/documents/lookup.service';
import { signerOf, signed, signAs } from './applications';
import { Person, signBy } from './people';

export const DOCUMENT_FIELDS = 'id documentType subjectIinBin source { code name ownerBin } fetchedAt fromCache contentSha256 data';

export const LOOKUP = `mutation Lookup($input: SingleLookupInput!) { lookupDocument(input: $input) { ${DOCUMENT_FIELDS} } }`;

export const LOOKUPS = `mutation Lookups($input: DocumentLookupInput!) {
  lookupDocuments(input: $input) { documentType subjectIinBin document { ${DOCUMENT_FIELDS} } error { code message field } }
}`;

export const PREFILL = `mutation Prefill($input: PrefillInput!) {
  prefillApplication(input: $input) {
    service { code name requiredDocuments }
    recipient { iinOrBin kind surname name patronymic organisationName address }
    documents { documentType document { ${DOCUMENT_FIELDS} } error { code message field } }
    attachments { documentType documentId }
    missingDocuments
  }
}`;

export const MY_DATA_ACCESS = `query Mine($first: Int, $after: String) {
  myDataAccess(first: $first, after: $after) {
    nodes { id at actorRole actorName actorIin organisation { bin name } documentType subject purpose basis application { id number } outcome errorCode sourceCode documentId }
    pageInfo { endCursor hasNextPage }
  }
}`;

export const ACCESS_JOURNAL = `query Journal($filter: DataAccessFilter, $first: Int, $after: String) {
  dataAccessJournal(filter: $filter, first: $first, after: $after) {
    nodes { id at actorRole actorName actorIin organisation { bin name } documentType subject purpose basis outcome errorCode sourceCode documentId }
    pageInfo { endCursor hasNextPage }
  }
}`;

export const OPERATOR_BIN = '990340001230';
export const PURPOSE = 'Оказание государственной услуги по заявлению (test)';

/** The subject's consent to a lookup by the requester for the purpose, signed by a demo signer or a test person. */
export function consentBy(signer: DemoSigner | Person, c: { subjectIinBin: string; requesterBin?: string; purpose?: string; givenAt?: string }) {
  const givenAt = c.givenAt ?? new Date(Date.now() - 60_000).toISOString();
  const payload = lookupConsentPayload({ subjectIinBin: c.subjectIinBin, requesterBin: c.requesterBin ?? OPERATOR_BIN, purpose: c.purpose ?? PURPOSE, givenAt });
  const signature = 'certFile' in signer ? signAs(signer, payload) : signBy(signer, payload);
  return { givenAt, signature };
}

/** A lookup of one document, with what the test overrides, signed by the demo operator (or the signer given). */
export function singleLookup(overrides: Record<string, unknown>, signer: DemoSigner = signerOf('operator')): Record<string, unknown> {
  return signed({ requestedAt: new Date().toISOString(), purpose: PURPOSE, ...overrides }, signer);
}
