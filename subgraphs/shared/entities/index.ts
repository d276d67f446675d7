import { ApplicationRow } from './application.entity';
import { CalendarDayRow } from './calendar-day.entity';
import { DocumentRow } from './document.entity';
import { MessageRefusalRow } from './message-refusal.entity';
import { OrganisationRow } from './organisation.entity';
import { ServiceRow } from './service.entity';
import { SignatureRow } from './signature.entity';
import { StageRecordRow } from './stage-record.entity';

export { ApplicationRow, CalendarDayRow, DocumentRow, MessageRefusalRow, OrganisationRow, ServiceRow, SignatureRow, StageRecordRow };
export const ENTITIES = [ApplicationRow, CalendarDayRow, DocumentRow, MessageRefusalRow, OrganisationRow, ServiceRow, SignatureRow, StageRecordRow];
