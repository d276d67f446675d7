/**
 * The statuses subgraph's public API: what another subgraph, the gateway or the platform may use.
 * Everything else in this folder is internal (the lint's boundary rule enforces it).
 * Owns the tables: stage_record, message_refusal, incident, incident_revision, monthly_report, and the
 * exchange log's log_leaf_pending, log_leaf, log_node, log_tree_head (issue 18: plain SQL, no entities).
 */
import { IncidentRevisionRow, IncidentRow } from './incident.entity';
import { MessageRefusalRow } from './message-refusal.entity';
import { MonthlyReportRow } from './monthly-report.entity';
import { StageRecordRow } from './stage-record.entity';

export { Outcome, Stage } from './stage';
export { StageReport } from './stage-report.validation';
// records a stage inside the caller's transaction (a submission records its first stage this way)
export { appendStage } from './stage.service';
export { StageRecordRow };
// where a row (a lookup, a delivery…) is in the exchange log: another subgraph's entries show it too
export { logEntryOf } from './log/log.entries';
export { LogEntry } from './log/log.type';
export const STATUSES_ENTITIES = [IncidentRevisionRow, IncidentRow, MessageRefusalRow, MonthlyReportRow, StageRecordRow];
