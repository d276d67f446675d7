import { gql } from './api/http';
import { STAGE_REPORTS } from './api/queries';
import type { ApplicationSummary, StageName } from './api/types';

export interface StageReportFilter {
  providerBin?: string;
  serviceCode?: string;
  stage?: StageName;
  recipientIin?: string;
  applicationNumber?: string;
  open?: boolean;
}

interface Page {
  stageReports: { edges: { node: { id: string; application: ApplicationSummary } }[]; pageInfo: { hasNextPage: boolean; endCursor?: string | null } };
}

const PAGE = 100;

/**
 * The distinct applications of the stage records matching `filter`, the most recently reported
 * first, read page by page (newest first) until `limit` applications or `maxPages` pages.
 */
export async function applicationsOf(token: string, filter: StageReportFilter, maxPages = 10, limit = 100): Promise<ApplicationSummary[]> {
  const apps = new Map<string, ApplicationSummary>();
  let after: string | null | undefined = null;
  for (let page = 0; page < maxPages && apps.size < limit; page++) {
    const data: Page = await gql<Page>(token, STAGE_REPORTS, { first: PAGE, after, filter });
    for (const edge of data.stageReports.edges) if (!apps.has(edge.node.application.id)) apps.set(edge.node.application.id, edge.node.application);
    after = data.stageReports.pageInfo.endCursor;
    if (!data.stageReports.pageInfo.hasNextPage || !after) break;
  }
  return [...apps.values()].slice(0, limit);
}
