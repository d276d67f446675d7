// The console's GraphQL operations, in one place so that a trusted-operations manifest can list them.

const SUMMARY = `id number providerBin recipient { surname name patronymic iinOrBin } service { code nameKk nameRu } plannedDate currentStage overdue { isOverdue days }`;

export const SERVICES = `query ConsoleServices { services { code nameKk nameRu nameEn termDays termKind active agency { bin name nameKk nameRu } } }`;

/** A stage change as the board shows it, live or from the recent past. */
const STAGE_EVENT = `id cursor stage stageLabel { kk ru en } occurredAt receivedAt providerBin executor outcome refusalReason
    application { id number recipient { surname name iinOrBin } service { code nameKk nameRu } plannedDate currentStage overdue { isOverdue days } }`;

export const STAGE_CHANGED = `subscription ConsoleStageChanged($after: String, $filter: StageChangeFilter) {
  stageChanged(after: $after, filter: $filter) { ${STAGE_EVENT} }
}`;

/** The latest stage changes, newest first: what the board shows before it goes live from the newest one's cursor. */
export const RECENT_STAGE_EVENTS = `query ConsoleRecentStageEvents($first: Int!, $filter: StageReportFilter) {
  stageReports(first: $first, filter: $filter, newestFirst: true) { edges { node { ${STAGE_EVENT} } } }
}`;

export const APPLICATION = `query ConsoleApplication($id: ID!) {
  application(id: $id) {
    id number providerBin recipient { surname name patronymic iinOrBin } service { code nameKk nameRu termDays termKind }
    placeOfAcceptance acceptedAt executor plannedDate executionDate currentStage outcome refusalReason overdue { isOverdue days }
    timeline { id stage stageLabel { kk ru en } occurredAt receivedAt executor outcome refusalReason signature { signerName signerIin signerBin organisation verdict } }
  }
}`;

/** Stage records with their applications: the search and the worklist are built from these. */
export const STAGE_REPORTS = `query ConsoleStageReports($after: String, $first: Int!, $filter: StageReportFilter) {
  stageReports(after: $after, first: $first, filter: $filter, newestFirst: true) {
    edges { node { id application { ${SUMMARY} } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export const REPORT_STAGE = `mutation ConsoleReportStage($input: StageReportInput!) {
  reportStage(input: $input) {
    duplicate
    record { id cursor stage application { id number plannedDate currentStage } signature { signerName } }
  }
}`;

const REPORT_FIGURES = `requests closedLate openOverdueAtMonthEnd violations technicalViolations violationDays averageViolationDays`;
const REPORT_FIELDS = `id month version trigger generatedAt generatedBy
  lines { providerBin providerName serviceCode serviceName ${REPORT_FIGURES} }
  providers { providerBin providerName ${REPORT_FIGURES} }
  total { ${REPORT_FIGURES} }`;

export const MONTHLY_REPORT = `query ConsoleMonthlyReport($month: String!) { monthlyReport(month: $month) { ${REPORT_FIELDS} } }`;

export const GENERATE_REPORT = `mutation ConsoleGenerateReport($month: String!) { generateMonthlyReport(month: $month) { ${REPORT_FIELDS} } }`;

export const REPORT_EXPORT = `query ConsoleReportExport($month: String!, $version: Int, $format: ReportFormat!) {
  monthlyReport(month: $month, version: $version) { version export(format: $format) { fileName mediaType contentBase64 } }
}`;
