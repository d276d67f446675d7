import { gql } from './api/http';
import { RECENT_STAGE_EVENTS, STAGE_REPORTS } from './api/queries';
import type { ApplicationSummary, StageEvent, StageName } from './api/types';

export interface StageReportFilter {
  providerBin?: string;
  serviceCode?: string;
  stage?: StageName;
  recipientIin?: string;
  applicationNumber?: string;
  open?: boolean;
}

interface Page {
  // a connection (README: Paging); the console needs the nodes, not their cursors
  stageReports: { nodes: { id: string; application: ApplicationSummary }[]; pageInfo: { hasNextPage: boolean; endCursor?: string | null } };
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
    for (const node of data.stageReports.nodes) if (!apps.has(node.application.id)) apps.set(node.application.id, node.application);
    after = data.stageReports.pageInfo.endCursor;
    if (!data.stageReports.pageInfo.hasNextPage || !after) break;
  }
  return [...apps.values()].slice(0, limit);
}

/** The latest `first` stage changes matching `filter`, newest first, as the live feed delivers them. */
export async function recentStageEvents(token: string, filter: StageReportFilter, first = 50): Promise<StageEvent[]> {
  const data = await gql<{ stageReports: { nodes: StageEvent[] } }>(token, RECENT_STAGE_EVENTS, { first, filter });
  return data.stageReports.nodes;
}
