import { HubContext } from '../../platform/context';
import { signatureOf } from './signature.service';

export const signaturesReferences = {
  Signature: {
    // a timeline's signatures arrive in one _entities request: looked up together
    __resolveReference: (ref: { id: string }, ctx: HubContext) => signatureOf(ctx, ctx.dataSource, ctx.identity, ref.id),
  },
};
