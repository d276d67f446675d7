import { ErrorCode, hubError } from '../../platform/errors';
import { DocumentsContext } from './documents.deps';
import { documentView } from './document.view';
import { findDocument } from './document.service';

/** How the gateway resolves a Document by id (an application's attachment): batched per request. */
export const documentsReferences = {
  Document: {
    __resolveReference: async (ref: { id: string }, ctx: DocumentsContext) => {
      const row = await findDocument(ctx, ref.id);
      if (!row) throw hubError(ErrorCode.NotFound, `No document ${ref.id}`);
      return documentView(row, ctx.deps.sources.registry);
    },
  },
};
