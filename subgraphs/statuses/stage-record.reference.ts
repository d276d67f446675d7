import { assertCanSeeApplication } from '../../platform/access';
import { ApplicationRow } from '../applications/api';
import { StageRecordRow } from './stage-record.entity';
import { ErrorCode, hubError } from '../../platform/errors';
import { isUuid } from '../../platform/ids';
import { StatusesContext } from './statuses.deps';
import { viewOf } from './stage-record.view';

export async function loadApplication(id: string, ctx: StatusesContext): Promise<ApplicationRow> {
  const app = isUuid(id) ? await ctx.dataSource.manager.findOneBy(ApplicationRow, { id }) : null;
  if (!app) throw hubError(ErrorCode.NotFound, `No application ${id}`);
  assertCanSeeApplication(ctx.identity, app);
  return app;
}

/** How the gateway resolves this subgraph's entities by key. */
export const statusesReferences = {
  Application: {
    __resolveReference: (ref: { id: string }, ctx: StatusesContext) => loadApplication(ref.id, ctx),
  },
  StageRecord: {
    __resolveReference: async (ref: { id: string }, ctx: StatusesContext) => {
      const record = isUuid(ref.id) ? await ctx.dataSource.manager.findOneBy(StageRecordRow, { id: ref.id }) : null;
      if (!record) throw hubError(ErrorCode.NotFound, `No stage record ${ref.id}`);
      return viewOf(record, await loadApplication(record.applicationId, ctx));
    },
  },
};
