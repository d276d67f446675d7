import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { IncidentRevisionRow, IncidentRow } from './incident.entity';
import { MonthlyReportRow } from './monthly-report.entity';
import { ErrorCode, hubError } from '../../platform/errors';
import { requireRole } from '../../platform/identity';
import { StatusesContext } from './statuses.deps';
import { listIncidents, recordIncident, removeIncident, revisionsOf, updateIncident } from './incident.service';
import { overdueNow, processingTimes, requestsByStage } from './operations.service';
import { exportReport } from './report.export';
import { averageDays, findReport, generateReport, listVersions, parseMonth, totalOf } from './report.service';
import {
  Incident, IncidentInput, IncidentRevision, IncidentSystem, MonthlyReport, OperationsFilter, OverdueRequest, ProcessingTime, ReportFile, ReportFormat, StageCount,
} from './report.type';

/** Who reads and generates the monthly report: the authorised body's analysts, and admins. */
const REPORT_ROLES = ['analyst', 'admin'] as const;

export function reportView(row: MonthlyReportRow): MonthlyReport {
  const providers = [...new Set(row.rows.map((l) => l.providerBin))].map((bin) => {
    const lines = row.rows.filter((l) => l.providerBin === bin);
    const total = totalOf(lines);
    return { providerBin: bin, providerName: lines[0].providerName, ...total, averageViolationDays: averageDays(total) };
  });
  const total = totalOf(row.rows);
  return {
    id: row.id, month: row.month.slice(0, 7), version: row.version, trigger: row.trigger, generatedAt: row.generatedAt, generatedBy: row.generatedBy,
    lines: row.rows.map((l) => ({ ...l, averageViolationDays: averageDays(l) })),
    providers,
    total: { ...total, averageViolationDays: averageDays(total) },
  };
}

@Resolver(() => MonthlyReport)
export class ReportResolver {
  @Query(() => MonthlyReport, { nullable: true, description: "A month's report (YYYY-MM): the latest version, or the one asked for; null before one was generated." })
  async monthlyReport(@Arg('month') month: string, @Ctx() ctx: StatusesContext, @Arg('version', () => Int, { nullable: true }) version?: number): Promise<MonthlyReport | null> {
    requireRole(ctx.identity, ...REPORT_ROLES);
    const row = await findReport(ctx.dataSource, parseMonth(month), version ?? undefined);
    return row && reportView(row);
  }

  @Query(() => [MonthlyReport], { description: "Every version of a month's report, oldest first." })
  async monthlyReportVersions(@Arg('month') month: string, @Ctx() ctx: StatusesContext): Promise<MonthlyReport[]> {
    requireRole(ctx.identity, ...REPORT_ROLES);
    return (await listVersions(ctx.dataSource, parseMonth(month))).map(reportView);
  }

  @Mutation(() => MonthlyReport, { description: 'Generates a new version of a finished month\'s report now (the scheduler makes one on the 1st).' })
  async generateMonthlyReport(@Arg('month') month: string, @Ctx() ctx: StatusesContext): Promise<MonthlyReport> {
    const who = requireRole(ctx.identity, ...REPORT_ROLES);
    return reportView(await generateReport(ctx.dataSource, parseMonth(month), 'ON_DEMAND', who.subject));
  }

  @FieldResolver(() => ReportFile, { description: 'The report as a file, with Kazakh and Russian headers.' })
  async export(@Root() report: MonthlyReport, @Arg('format', () => ReportFormat) format: ReportFormat, @Ctx() ctx: StatusesContext): Promise<ReportFile> {
    const row = await ctx.dataSource.manager.findOneByOrFail(MonthlyReportRow, { id: report.id });
    if (!Object.values(ReportFormat).includes(format)) throw hubError(ErrorCode.UnsupportedFormat, `No export format ${format}`, 'format');
    return exportReport(row, format);
  }
}

const incidentView = (row: IncidentRow): Omit<Incident, 'revisions'> => ({
  id: row.id, system: row.systemKind as IncidentSystem, organisationBin: row.organisationBin, sourceCode: row.sourceCode,
  startedAt: row.startedAt, endedAt: row.endedAt, description: row.description, removed: row.removed, revision: row.revision,
});

@Resolver(() => Incident)
export class IncidentResolver {
  @Query(() => [Incident], { description: 'Technical incidents overlapping a period, newest first (admins and analysts).' })
  async incidents(
    @Ctx() ctx: StatusesContext,
    @Arg('from', () => String, { nullable: true }) from?: string,
    @Arg('to', () => String, { nullable: true }) to?: string,
    @Arg('includeRemoved', () => Boolean, { defaultValue: false }) includeRemoved?: boolean,
  ): Promise<Omit<Incident, 'revisions'>[]> {
    return (await listIncidents(ctx.dataSource, ctx.identity, { from: from ?? undefined, to: to ?? undefined, includeRemoved })).map(incidentView);
  }

  @Mutation(() => Incident, { description: 'Admins: records a failure of an information system.' })
  async recordIncident(@Arg('input', () => IncidentInput) input: IncidentInput, @Ctx() ctx: StatusesContext): Promise<Omit<Incident, 'revisions'>> {
    return incidentView(await recordIncident(ctx.dataSource, ctx.identity, input));
  }

  @Mutation(() => Incident, { description: 'Admins: corrects an incident; the previous state stays in its revisions.' })
  async updateIncident(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => IncidentInput) input: IncidentInput,
    @Ctx() ctx: StatusesContext,
    @Arg('reason', () => String, { nullable: true }) reason?: string,
  ): Promise<Omit<Incident, 'revisions'>> {
    return incidentView(await updateIncident(ctx.dataSource, ctx.identity, id, input, reason ?? undefined));
  }

  @Mutation(() => Incident, { description: 'Admins: withdraws an incident recorded in error (kept, marked removed).' })
  async removeIncident(@Arg('id', () => ID) id: string, @Arg('reason') reason: string, @Ctx() ctx: StatusesContext): Promise<Omit<Incident, 'revisions'>> {
    return incidentView(await removeIncident(ctx.dataSource, ctx.identity, id, reason));
  }

  @FieldResolver(() => [IncidentRevision])
  revisions(@Root() incident: Incident, @Ctx() ctx: StatusesContext): Promise<IncidentRevisionRow[]> {
    return revisionsOf(ctx.dataSource, incident.id);
  }
}

@Resolver()
export class OperationsResolver {
  @Query(() => [StageCount], { description: 'Requests by their current stage (providers: their own).' })
  requestsByStage(@Ctx() ctx: StatusesContext, @Arg('filter', () => OperationsFilter, { nullable: true }) filter?: OperationsFilter): Promise<StageCount[]> {
    return requestsByStage(ctx.dataSource, ctx.identity, filter ?? {});
  }

  @Query(() => [OverdueRequest], { description: 'Open requests past their planned date now, with the days, longest first (providers: their own).' })
  overdueNow(
    @Ctx() ctx: StatusesContext,
    @Arg('filter', () => OperationsFilter, { nullable: true }) filter?: OperationsFilter,
    @Arg('first', () => Int, { defaultValue: 50 }) first?: number,
  ): Promise<OverdueRequest[]> {
    return overdueNow(ctx.dataSource, ctx.identity, filter ?? {}, first) as unknown as Promise<OverdueRequest[]>;
  }

  @Query(() => [ProcessingTime], { description: 'Average processing time per provider and service of the requests closed in a period (providers: their own).' })
  processingTimes(
    @Arg('from') from: string,
    @Arg('to') to: string,
    @Ctx() ctx: StatusesContext,
    @Arg('filter', () => OperationsFilter, { nullable: true }) filter?: OperationsFilter,
  ): Promise<ProcessingTime[]> {
    return processingTimes(ctx.dataSource, ctx.identity, from, to, filter ?? {}) as unknown as Promise<ProcessingTime[]>;
  }
}
