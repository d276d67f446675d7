import { HubContext } from '../../platform/context';
import { ErrorCode, hubError } from '../../platform/errors';
import { findApplication, findService } from './application.service';

/** How the gateway resolves this subgraph's entities by key. */
export const applicationsReferences = {
  Application: {
    __resolveReference: async (ref: { id: string }, ctx: HubContext) => {
      const app = await findApplication(ctx.dataSource, ctx.identity, ref.id);
      if (!app) throw hubError(ErrorCode.NotFound, `No application ${ref.id}`);
      return app;
    },
  },
  Service: {
    __resolveReference: (ref: { code: string }, ctx: HubContext) => findService(ctx.dataSource, ref.code),
  },
};
