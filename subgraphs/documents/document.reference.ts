import { HubContext } from '../shared/context';
import { findDocument } from './document.service';

export const documentsReferences = {
  Document: {
    __resolveReference: (ref: { id: string }, ctx: HubContext) => findDocument(ctx.dataSource, ctx.identity, ref.id),
  },
};
