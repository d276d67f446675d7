import { Foundation1732300000000 } from './1732300000000-foundation';
import { VerifiedSignatures1732400000000 } from './1732400000000-verified-signatures';
import { ApplicationsDelivery1732500000000 } from './1732500000000-applications-delivery';
import { DocumentLookups1732600000000 } from './1732600000000-document-lookups';
import { DemoRegisters1732600000001 } from './1732600000001-demo-registers';
import { MonitoringReports1732700000000 } from './1732700000000-monitoring-reports';
import { OrganisationNames1732800000000 } from './1732800000000-organisation-names';
import { ApplicationNumberIndex1732800000001 } from './1732800000001-application-number-index';
import { CalendarCoverage1732900000000 } from './1732900000000-calendar-coverage';
import { SignaturePoliciesTimestamps1732915000000 } from './1732915000000-signature-policies-timestamps';
import { SecurityLog1732950000000 } from './1732950000000-security-log';
import { ExchangeLog1733000000000 } from './1733000000000-exchange-log';
import { DeliveryCircuit1733100000000 } from './1733100000000-delivery-circuit';
import { ReferenceVersion1733140000000 } from './1733140000000-reference-version';
import { StageEventXid1733150000000 } from './1733150000000-stage-event-xid';
import { MonthlyReportCoveringIndexes1733170000000 } from './1733170000000-monthly-report-covering-indexes';
import { StageRecordSignatureIndex1733180000000 } from './1733180000000-stage-record-signature-index';
import { OperationalViewsIndexes1733190000000 } from './1733190000000-operational-views-indexes';

/** Every migration, in order: listed here so that the same list runs from TypeScript and from dist/. */
export const MIGRATIONS = [
  Foundation1732300000000, VerifiedSignatures1732400000000, ApplicationsDelivery1732500000000, DocumentLookups1732600000000, DemoRegisters1732600000001,
  MonitoringReports1732700000000, OrganisationNames1732800000000, ApplicationNumberIndex1732800000001, CalendarCoverage1732900000000, SignaturePoliciesTimestamps1732915000000,
  SecurityLog1732950000000, ExchangeLog1733000000000, DeliveryCircuit1733100000000, ReferenceVersion1733140000000,
  StageEventXid1733150000000, MonthlyReportCoveringIndexes1733170000000, StageRecordSignatureIndex1733180000000,
  OperationalViewsIndexes1733190000000,
];
