import { HubContext } from '../../platform/context';
import { findSignature } from './signature.service';

export const signaturesReferences = {
  Signature: {
    __resolveReference: (ref: { id: string }, ctx: HubContext) => findSignature(ctx.dataSource, ctx.identity, ref.id),
  },
};
