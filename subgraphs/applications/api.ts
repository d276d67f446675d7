/**
 * The applications subgraph's public API: what another subgraph, the gateway or the platform may
 * use. Everything else in this folder is internal (the lint's boundary rule enforces it).
 * Owns the tables: application, application_result, attachment, submission, survey_answer,
 * exchange_message, delivery_attempt, delivery_circuit. Other subgraphs read them; only this subgraph writes them.
 */
import { ApplicationResultRow } from './application-result.entity';
import { ApplicationRow } from './application.entity';
import { AttachmentRow } from './attachment.entity';
import { DeliveryAttemptRow, ExchangeMessageRow } from './exchange-message.entity';
import { SubmissionRow } from './submission.entity';
import { SurveyAnswerRow } from './survey-answer.entity';

// the writes another subgraph makes to these tables, each inside the caller's transaction
export { registerApplicationIfAbsent, saveApplication } from './application.repository';
export { journalMessage } from './exchange-message.repository';
// read models: other subgraphs read these tables (joins, reports), never write them
export { ApplicationRow, ExchangeMessageRow, SubmissionRow };
export const APPLICATIONS_ENTITIES = [ApplicationRow, ApplicationResultRow, AttachmentRow, DeliveryAttemptRow, ExchangeMessageRow, SubmissionRow, SurveyAnswerRow];
