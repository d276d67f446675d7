import { GraphQLJSONObject } from 'graphql-scalars';
import { Connection, ConnectionType } from '../../platform/connection';
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Application } from './stage-record.type';

export enum ReportFormat { CSV = 'CSV', XLSX = 'XLSX' }
registerEnumType(ReportFormat, { name: 'ReportFormat', description: 'CSV (UTF-8) or XLSX, with Kazakh and Russian headers.' });

export enum IncidentSystem { HUB = 'HUB', PROVIDER_SYSTEM = 'PROVIDER_SYSTEM', DOCUMENT_SOURCE = 'DOCUMENT_SOURCE' }
registerEnumType(IncidentSystem, { name: 'IncidentSystem', description: "The hub itself, a provider's own information system (by BIN), or a document source (by its registry code)." });

@ObjectType({ description: 'Figures of a provider and service (or their total) for the month.' })
export class ReportFigures {
  @Field(() => Int, { description: 'Requests accepted in the month.' }) requests: number;
  @Field(() => Int, { description: 'Executed in the month after the planned date.' }) closedLate: number;
  @Field(() => Int, { description: "Not executed on the month's last day and past the planned date then." }) openOverdueAtMonthEnd: number;
  @Field(() => Int) violations: number;
  @Field(() => Int, { description: 'Calendar days past the planned date, summed over the violations.' }) violationDays: number;
  @Field(() => Float) averageViolationDays: number;
  @Field(() => Int, { description: "Violations whose lateness overlaps a failure of a system the request depended on (технические причины, p.12)." }) technicalViolations: number;
}

@ObjectType()
export class ReportLineView extends ReportFigures {
  @Field() providerBin: string;
  @Field() providerName: string;
  @Field() serviceCode: string;
  @Field() serviceName: string;
}

@ObjectType()
export class ReportProviderTotal extends ReportFigures {
  @Field() providerBin: string;
  @Field() providerName: string;
}

@ObjectType({ description: 'A file to download, base64.' })
export class ReportFile {
  @Field() fileName: string;
  @Field() mediaType: string;
  @Field() contentBase64: string;
}

@ObjectType({ description: 'A version of the monthly analytical report on deadline violations (data-entry rules p.12); versions never change.' })
export class MonthlyReport {
  @Field(() => ID) id: string;
  @Field({ description: 'YYYY-MM.' }) month: string;
  @Field(() => Int) version: number;
  @Field({ description: 'SCHEDULED (the 1st of the next month) or ON_DEMAND.' }) trigger: string;
  @Field() generatedAt: Date;
  @Field() generatedBy: string;
  @Field(() => [ReportLineView], { description: 'Per provider and service.' }) lines: ReportLineView[];
  @Field(() => [ReportProviderTotal], { description: 'Per provider (agency).' }) providers: ReportProviderTotal[];
  @Field(() => ReportFigures) total: ReportFigures;
}

export const MonthlyReportConnection = ConnectionType('MonthlyReport', MonthlyReport);
export type MonthlyReportConnection = Connection<MonthlyReport>;

@ObjectType({ description: 'A change of an incident, with the incident as it was after it.' })
export class IncidentRevision {
  @Field(() => Int) revision: number;
  @Field({ description: 'RECORDED, UPDATED or REMOVED.' }) action: string;
  @Field() at: Date;
  @Field() bySubject: string;
  @Field() byRole: string;
  @Field(() => String, { nullable: true }) reason: string | null;
  @Field(() => GraphQLJSONObject) snapshot: Record<string, unknown>;
}

@ObjectType({ description: 'A failure of an information system (технический сбой): violations overlapping it on a system the request depended on are technical.' })
export class Incident {
  @Field(() => ID) id: string;
  @Field(() => IncidentSystem) system: IncidentSystem;
  @Field(() => String, { nullable: true }) organisationBin: string | null;
  @Field(() => String, { nullable: true }) sourceCode: string | null;
  @Field() startedAt: Date;
  @Field(() => Date, { nullable: true, description: 'Null while it goes on.' }) endedAt: Date | null;
  @Field() description: string;
  @Field() removed: boolean;
  @Field(() => Int) revision: number;
  @Field(() => [IncidentRevision]) revisions: IncidentRevision[];
}

export const IncidentConnection = ConnectionType('Incident', Incident);
export type IncidentConnection = Connection<Incident>;

@InputType()
export class IncidentInput {
  @Field(() => IncidentSystem) system: IncidentSystem;
  @Field(() => String, { nullable: true, description: "PROVIDER_SYSTEM: the provider's BIN." }) organisationBin?: string;
  @Field(() => String, { nullable: true, description: "DOCUMENT_SOURCE: the source's code in the registry." }) sourceCode?: string;
  @Field({ description: 'ISO-8601.' }) startedAt: string;
  @Field(() => String, { nullable: true, description: 'ISO-8601; absent while it goes on.' }) endedAt?: string;
  @Field() description: string;
}

@InputType({ description: 'Which requests an operational view covers; providers see their own only.' })
export class OperationsFilter {
  @Field(() => String, { nullable: true }) providerBin?: string;
  @Field(() => String, { nullable: true }) serviceCode?: string;
}

@ObjectType()
export class StageCount {
  @Field() stage: string;
  @Field(() => Int) count: number;
}

@ObjectType({ description: 'An open request past its planned date.' })
export class OverdueRequest {
  @Field(() => Application) application: Application;
  @Field() number: string;
  @Field() providerBin: string;
  @Field() serviceCode: string;
  @Field() stage: string;
  @Field() plannedDate: string;
  @Field(() => Int, { description: 'Calendar days past the planned date, today (Astana).' }) days: number;
}

export const OverdueRequestConnection = ConnectionType('OverdueRequest', OverdueRequest);
export type OverdueRequestConnection = Connection<OverdueRequest>;

@ObjectType({ description: 'How long requests closed in a period took, per provider and service.' })
export class ProcessingTime {
  @Field() providerBin: string;
  @Field() serviceCode: string;
  @Field(() => Int) closed: number;
  @Field(() => Float, { description: 'From acceptance to closure, in days (fractional).' }) averageDays: number;
  @Field(() => Int, { description: 'Of them, closed after the planned date.' }) late: number;
}
