import { GraphQLError } from 'graphql';
import { ServiceRow } from '../../platform/entities/service.entity';
import { ErrorCode, hubError } from '../../platform/errors';
import { field } from '../../platform/fields';
import { refuseAndLog } from '../../platform/security-log';
import { signedPart } from '../signatures/api';
import { DocumentsContext } from './documents.deps';
import { PrefillInput } from './lookup.input';
import { admitLookupCaller, ItemOutcome, performLookups, subjectKind } from './lookup.service';

export interface Draft {
  service: { code: string };
  recipient: { iinOrBin: string; kind: string; surname: string | null; name: string | null; patronymic: string | null; organisationName: string | null; address: string | null };
  documents: ItemOutcome[];
  attachments: { documentType: string; documentId: string }[];
  missingDocuments: string[];
}

/** Errors about what every document of a prefill shares (the recipient, the entitlement) refuse it whole. */
const SHARED_FIELDS = /^input\.(recipientIinBin|applicationId|consent)/;

/**
 * Prefills an application (ЦОН exchange rules p.7, p.11.1): the recipient's record and address, and
 * every document the service requires, looked up in one signed request. Each document stands
 * alone: a source that fails gives that document a coded error and the others are returned.
 */
export async function prefillApplication(ctx: DocumentsContext, input: PrefillInput, now = new Date()): Promise<Draft> {
  const who = await admitLookupCaller(ctx, 'prefillApplication');
  let service: ServiceRow;
  let subject: string;
  try {
    const serviceCode = field.text(input.serviceCode, 'input.serviceCode', 32);
    const found = await ctx.dataSource.manager.findOneBy(ServiceRow, { code: serviceCode });
    if (!found) throw hubError(ErrorCode.UnknownService, `No service "${serviceCode}" in the catalogue`, 'input.serviceCode');
    service = found;
    subject = field.iinBin(input.recipientIinBin, 'input.recipientIinBin');
  } catch (error) {
    // malformed, like a lookup request: refused before the journal
    if (error instanceof GraphQLError) return refuseAndLog(ctx.dataSource, who, ctx.requestId, 'prefillApplication', error);
    throw error;
  }
  const kind = subjectKind(subject);
  const recordType = kind === 'PERSON' ? 'INDIVIDUAL' : 'LEGAL_ENTITY';
  const types = [...new Set([recordType, 'ADDRESS', ...service.requiredDocuments])];
  const outcomes = await performLookups(ctx, {
    requestedAt: input.requestedAt,
    purpose: input.purpose,
    items: types.map((documentType) => ({ documentType, subjectIinBin: subject, applicationId: input.applicationId, consent: input.consent })),
    signature: input.signature,
  }, signedPart(input), () => 'input', 'prefillApplication', now);

  for (const o of outcomes) {
    if (o.error?.field === 'input.documentType') o.error.field = 'input.serviceCode';
    if (o.error?.field === 'input' && o.error.code === ErrorCode.LookupBasisRequired) o.error.field = 'input.consent';
  }
  const shared = outcomes.find((o) => o.error?.field && SHARED_FIELDS.test(o.error.field));
  if (shared) throw hubError(shared.error!.code as ErrorCode, shared.error!.message, shared.error!.field!);

  const found = new Map(outcomes.filter((o) => o.document).map((o) => [o.documentType, o.document!.content]));
  const record = found.get(recordType) as Record<string, string | null> | undefined;
  const address = found.get('ADDRESS') as Record<string, string | null> | undefined;
  return {
    service: { code: service.code },
    recipient: {
      iinOrBin: subject,
      kind,
      surname: kind === 'PERSON' ? record?.surname ?? null : null,
      name: kind === 'PERSON' ? record?.name ?? null : null,
      patronymic: kind === 'PERSON' ? record?.patronymic ?? null : null,
      organisationName: kind === 'ORGANISATION' ? record?.nameRu ?? null : null,
      address: address ? [address.city, address.street, address.house, address.flat ? `кв. ${address.flat}` : null].filter(Boolean).join(', ') : null,
    },
    documents: outcomes,
    attachments: outcomes.filter((o) => o.document && service.requiredDocuments.includes(o.documentType)).map((o) => ({ documentType: o.documentType, documentId: o.document!.id })),
    missingDocuments: service.requiredDocuments.filter((t) => !outcomes.some((o) => o.documentType === t && o.document)),
  };
}
