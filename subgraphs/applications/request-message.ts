import { ApplicationRow } from './application.entity';
import { DocumentRow } from '../documents/api';
import { formatAstana } from '../../platform/time';

/**
 * The "request" message (запрос, exchange rules p.6) the hub sends to a provider's system: the
 * application as the hub registered it, the operator's submission with the operator's signature
 * (so that the provider can check who submitted what), the data of every looked-up document it
 * carries (the electronic copies, exchange rules p.7.2: the provider needs no call back), and the
 * hub's own signature over all of it.
 */
export function requestMessage(messageId: string, app: ApplicationRow, submission: Record<string, unknown>, operatorSignature: string, documents: DocumentRow[] = []): Record<string, unknown> {
  return {
    kind: 'REQUEST',
    messageId,
    correlationId: app.id,
    application: {
      number: app.number,
      providerBin: app.providerBin,
      serviceCode: app.serviceCode,
      acceptedAt: formatAstana(app.acceptedAt),
      plannedDate: app.plannedDate,
    },
    submission,
    operatorSignature,
    documents: documents.map((d) => ({
      id: d.id, documentType: d.documentType, subjectIinBin: d.subjectIin, sourceCode: d.sourceCode, sourceBin: d.sourceBin,
      fetchedAt: formatAstana(d.fetchedAt), contentSha256: d.contentSha256, data: d.content,
    })),
  };
}
