// The shapes the console's queries select (schema/supergraph.graphql), not the whole types.

export type StageName = 'ACCEPTED' | 'SENT_FOR_EXECUTION' | 'ACCEPTED_INTO_WORK' | 'EXECUTED' | 'AWAITING_ISSUANCE' | 'CLOSED';
export type OutcomeName = 'ISSUED' | 'REFUSED';

export interface Localized {
  kk: string;
  ru: string;
  en?: string;
}

export interface ServiceInfo {
  code: string;
  nameKk: string;
  nameRu: string;
  nameEn?: string;
  termDays: number;
  termKind?: string;
  active?: boolean;
  agency: { bin: string; name: string; nameKk: string; nameRu: string };
}

export interface OverdueState {
  isOverdue: boolean;
  days: number;
}

export interface RecipientView {
  surname: string;
  name: string;
  patronymic?: string | null;
  iinOrBin: string;
}

export interface SignatureView {
  signerName?: string | null;
  signerIin?: string | null;
  signerBin?: string | null;
  organisation?: string | null;
  verdict: string;
}

export interface TimelineEntry {
  id: string;
  stage: StageName;
  stageLabel: Localized;
  occurredAt: string;
  receivedAt: string;
  executor?: string | null;
  outcome?: OutcomeName | null;
  refusalReason?: string | null;
  signature?: SignatureView | null;
  /** where the stage is in the exchange log (issue 18); absent when not asked for, null until sequenced */
  logEntry?: LogEntryView | null;
}

export interface LogEntryView {
  index: number;
  leafHash: string;
  messageId: string;
}

export interface ApplicationView {
  id: string;
  number: string;
  providerBin: string;
  recipient: RecipientView;
  service: { code: string; nameKk: string; nameRu: string; termDays: number; termKind: string };
  placeOfAcceptance: string;
  acceptedAt: string;
  executor?: string | null;
  plannedDate: string;
  executionDate?: string | null;
  currentStage: StageName;
  outcome?: OutcomeName | null;
  refusalReason?: string | null;
  overdue: OverdueState;
  timeline: TimelineEntry[];
}

/** An application as lists show it (feed, search results, worklist). */
export interface ApplicationSummary {
  id: string;
  number: string;
  recipient: RecipientView;
  service: { code: string; nameKk: string; nameRu: string };
  plannedDate: string;
  currentStage: StageName;
  overdue: OverdueState;
  providerBin?: string;
}

/** One event of stageChanged. */
export interface StageEvent {
  id: string;
  cursor: string;
  stage: StageName;
  stageLabel: Localized;
  occurredAt: string;
  receivedAt: string;
  providerBin: string;
  executor?: string | null;
  outcome?: OutcomeName | null;
  refusalReason?: string | null;
  application: ApplicationSummary;
}

export interface StageReportReceipt {
  duplicate: boolean;
  record: {
    id: string;
    cursor: string;
    stage: StageName;
    application: { id: string; number: string; plannedDate: string; currentStage: StageName };
    signature?: { signerName?: string | null } | null;
  };
}

export interface ReportFiguresView {
  requests: number;
  closedLate: number;
  openOverdueAtMonthEnd: number;
  violations: number;
  technicalViolations: number;
  violationDays: number;
  averageViolationDays: number;
}

export interface ReportLine extends ReportFiguresView {
  providerBin: string;
  providerName: string;
  serviceCode: string;
  serviceName: string;
}

export interface ReportProviderLine extends ReportFiguresView {
  providerBin: string;
  providerName: string;
}

export interface MonthlyReportView {
  id: string;
  month: string;
  version: number;
  trigger: string;
  generatedAt: string;
  generatedBy: string;
  lines: ReportLine[];
  providers: ReportProviderLine[];
  total: ReportFiguresView;
}

export interface ReportFile {
  fileName: string;
  mediaType: string;
  contentBase64: string;
}
