import { ApplicationRow } from './application.entity';
import { ApplicationResultRow } from './application-result.entity';
import { AttachmentRow } from './attachment.entity';
import { CalendarDayRow, CalendarYearRow } from './calendar-day.entity';
import { DataAccessRow } from './data-access.entity';
import { DocumentRow } from './document.entity';
import { DeliveryAttemptRow, ExchangeMessageRow } from './exchange-message.entity';
import { IncidentRevisionRow, IncidentRow } from './incident.entity';
import { MessageRefusalRow } from './message-refusal.entity';
import { MonthlyReportRow } from './monthly-report.entity';
import { OrganisationRow } from './organisation.entity';
import { SecurityLogRow } from './security-log.entity';
import { ServiceRow } from './service.entity';
import { SignatureRow } from './signature.entity';
import { StageRecordRow } from './stage-record.entity';
import { SubmissionRow } from './submission.entity';
import { SurveyAnswerRow } from './survey-answer.entity';

export {
  ApplicationRow, ApplicationResultRow, AttachmentRow, CalendarDayRow, CalendarYearRow, DataAccessRow, DeliveryAttemptRow, DocumentRow, ExchangeMessageRow,
  IncidentRevisionRow, IncidentRow, MessageRefusalRow, MonthlyReportRow, OrganisationRow, ServiceRow, SignatureRow, StageRecordRow, SubmissionRow, SurveyAnswerRow,
  SecurityLogRow,
};
export const ENTITIES = [
  ApplicationRow, ApplicationResultRow, AttachmentRow, CalendarDayRow, CalendarYearRow, DataAccessRow, DeliveryAttemptRow, DocumentRow, ExchangeMessageRow,
  IncidentRevisionRow, IncidentRow, MessageRefusalRow, MonthlyReportRow, OrganisationRow, ServiceRow, SignatureRow, StageRecordRow, SubmissionRow, SurveyAnswerRow,
  SecurityLogRow,
];
