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
  stageReports(first: $first, filter: $filter, newestFirst: true) { nodes { ${STAGE_EVENT} } }
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
    nodes { id application { ${SUMMARY} } }
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

// ---- operator: prefill, submit, hand over (ЦОН exchange rules p.6-8, p.11.3)

const DOCUMENT_BRIEF = `id documentType source { code name } fetchedAt fromCache`;

export const DOCUMENT_TYPES = `query ConsoleDocumentTypes { documentTypes { code nameKk nameRu source { code name } } }`;

export const PREFILL = `mutation ConsolePrefill($input: PrefillInput!) {
  prefillApplication(input: $input) {
    service { code requiredDocuments paid fee }
    recipient { iinOrBin kind surname name patronymic organisationName address }
    documents { documentType subjectIinBin document { ${DOCUMENT_BRIEF} } error { code message field } }
    attachments { documentType documentId }
    missingDocuments
  }
}`;

export const SUBMIT_APPLICATION = `mutation ConsoleSubmitApplication($input: SubmissionInput!) {
  submitApplication(input: $input) { duplicate application { id number plannedDate currentStage } }
}`;

const TRACKED = `id number providerBin channel recipient { surname name patronymic iinOrBin } service { code nameKk nameRu nameEn }
  acceptedAt plannedDate executionDate currentStage outcome refusalReason overdue { isOverdue days }
  result { outcome refusalReason decidedAt document { fileName sizeBytes } }
  timeline { id stage stageLabel { kk ru en } occurredAt receivedAt executor outcome refusalReason signature { signerName signerIin signerBin organisation verdict } logEntry { index leafHash messageId } }`;

export const TRACK_APPLICATION = `query ConsoleTrackApplication($id: ID!) { application(id: $id) { ${TRACKED} } }`;

export const ISSUE_RESULT = `mutation ConsoleIssueResult($input: IssuanceInput!) { issueResult(input: $input) { id currentStage outcome } }`;

// ---- citizen's cabinet (ЦОН rules p.11.3; the survey: model regulation annex 4)

export const MY_APPLICATIONS = `query ConsoleMyApplications { myApplications { nodes { ${TRACKED} } } }`;

export const MY_DATA_ACCESS = `query ConsoleMyDataAccess($first: Int!, $after: String) {
  myDataAccess(first: $first, after: $after) {
    nodes { id at actorRole actorName organisation { bin name } documentType purpose basis application { id number } outcome errorCode logEntry { index leafHash messageId } }
    pageInfo { endCursor hasNextPage }
  }
}`;

export const ANSWER_SURVEY = `mutation ConsoleAnswerSurvey($input: SurveyInput!) { answerSurvey(input: $input) }`;

// ---- admin: incidents, dead letters, the exchange journal

const INCIDENT = `id system organisationBin sourceCode startedAt endedAt description removed revision
  revisions { revision action at bySubject byRole reason }`;

export const INCIDENTS = `query ConsoleIncidents($includeRemoved: Boolean!, $first: Int!) { incidents(includeRemoved: $includeRemoved, first: $first) { nodes { ${INCIDENT} } } }`;
export const RECORD_INCIDENT = `mutation ConsoleRecordIncident($input: IncidentInput!) { recordIncident(input: $input) { ${INCIDENT} } }`;
export const UPDATE_INCIDENT = `mutation ConsoleUpdateIncident($id: ID!, $input: IncidentInput!, $reason: String) { updateIncident(id: $id, input: $input, reason: $reason) { ${INCIDENT} } }`;
export const REMOVE_INCIDENT = `mutation ConsoleRemoveIncident($id: ID!, $reason: String!) { removeIncident(id: $id, reason: $reason) { ${INCIDENT} } }`;

const MESSAGE = `id messageId direction counterpartBin kind applicationId attempts createdAt sentAt deliveredAt answeredAt outcome errorCode
  attemptLog { attempt startedAt finishedAt outcome errorCode httpStatus }`;

export const EXCHANGE_MESSAGES = `query ConsoleExchangeMessages($filter: MessageFilter, $first: Int!, $after: String) {
  exchangeMessages(filter: $filter, first: $first, after: $after) { nodes { ${MESSAGE} } pageInfo { endCursor hasNextPage } }
}`;

export const RETRY_DELIVERY = `mutation ConsoleRetryDelivery($id: ID!) { retryDelivery(id: $id) { ${MESSAGE} } }`;

// ---- a provider with its own system: its requests and the reports the hub refused

export const STAGE_REPORT_REFUSALS = `query ConsoleStageReportRefusals($first: Int!) {
  stageReportRefusals(first: $first) { nodes { id receivedAt messageId code field reason } }
}`;
