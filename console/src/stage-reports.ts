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
 * The distinct applications of the stage records matching `filter`, newest record first. The list
 * runs oldest first, so it is read page by page (up to maxPages) to reach the newest.
 */
export async function applicationsOf(token: string, filter: StageReportFilter, maxPages = 10): Promise<ApplicationSummary[]> {
  const apps: ApplicationSummary[] = [];
  let after: string | null | undefined = null;
  for (let page = 0; page < maxPages; page++) {
    const data: Page = await gql<Page>(token, STAGE_REPORTS, { first: PAGE, after, filter });
    for (const edge of data.stageReports.edges) apps.push(edge.node.application);
    after = data.stageReports.pageInfo.endCursor;
    if (!data.stageReports.pageInfo.hasNextPage || !after) break;
  }
  const seen = new Set<string>();
  return apps.reverse().filter((a) => (seen.has(a.id) ? false : (seen.add(a.id), true)));
}
