import { ErrorCode, hubError } from '../../platform/errors';
import { field } from '../../platform/fields';
import { DocumentLookupInput, LookupConsentInput } from './lookup.input';
import { ClassificationRegistry, DocumentTypeDefinition, isSecretTypeCode } from './source.registry';

/** More than this in one request is refused: a lookup is for an application, not a register dump. */
export const MAX_LOOKUPS_PER_REQUEST = 500;
/** A purpose is a sentence shown in the citizen's cabinet, not a document of its own. */
export const MAX_PURPOSE_LENGTH = 500;

/** Where an item's fields are, for naming them in errors: a batch names input.items.N, a single lookup input itself. */
export type ItemPath = (index: number) => string;

/** One document asked for, well formed: a type the registry knows (or a secret one, refused on its own) and a valid subject. */
export interface RequestedItem {
  index: number;
  /** the type as asked, trimmed */
  documentType: string;
  /** undefined for a state secret: it is refused by name, never looked up */
  type?: DocumentTypeDefinition;
  secret: boolean;
  subject: string;
  applicationId?: string;
  consent?: LookupConsentInput;
}

export interface CheckedRequest {
  purpose: string;
  items: RequestedItem[];
}

/**
 * The whole request, checked before anything is journalled: a request that names no valid
 * subject, an unknown type, a purpose too long to show, or too many documents is malformed, not
 * an attempt on anyone's data, and is refused whole (naming the first field at fault). What
 * remains are real attempts; each is journalled with its own answer.
 */
export function checkLookupRequest(input: DocumentLookupInput, registry: ClassificationRegistry, itemPath: ItemPath, now: Date): CheckedRequest {
  const items = input.items ?? [];
  if (!items.length) throw hubError(ErrorCode.FieldRequired, 'input must name at least one document', 'input.items');
  if (items.length > MAX_LOOKUPS_PER_REQUEST) throw hubError(ErrorCode.TooManyLookups, `At most ${MAX_LOOKUPS_PER_REQUEST} documents in one request`, 'input.items');
  const purpose = field.text(input.purpose, 'input.purpose', MAX_PURPOSE_LENGTH);
  field.time(input.requestedAt, 'input.requestedAt', now);
  return {
    purpose,
    items: items.map((item, index) => {
      const path = itemPath(index);
      const documentType = field.text(item.documentType, `${path}.documentType`, 64);
      const secret = isSecretTypeCode(registry, documentType);
      const type = registry.types.get(documentType);
      if (!type && !secret) throw hubError(ErrorCode.UnknownDocumentType, `No document type "${documentType}"; documentTypes lists them`, `${path}.documentType`);
      const subject = field.iinBin(item.subjectIinBin, `${path}.subjectIinBin`);
      return { index, documentType, type: secret ? undefined : type, secret, subject, applicationId: item.applicationId ?? undefined, consent: item.consent ?? undefined };
    }),
  };
}
