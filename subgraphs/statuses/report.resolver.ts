import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { MonthlyReportRow } from './monthly-report.entity';
import { ErrorCode, hubError } from '../../platform/errors';
import { StatusesContext } from './statuses.deps';
import { Authorized } from 'type-graphql';
import { requireIdentity } from '../../platform/identity';
import { exportReport } from './report.export';
import { averageDays, findReport, generateReport, listVersions, parseMonth, totalOf, versionCursor } from './report.service';
import { Connection, connectionOf } from '../../platform/connection';
import { MonthlyReport, MonthlyReportConnection, ReportFile, ReportFormat } from './report.type';

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
  @Authorized(...REPORT_ROLES)
  @Query(() => MonthlyReport, { nullable: true, description: "A month's report (YYYY-MM): the latest version, or the one asked for; null before one was generated." })
  async monthlyReport(@Arg('month') month: string, @Ctx() ctx: StatusesContext, @Arg('version', () => Int, { nullable: true }) version?: number): Promise<MonthlyReport | null> {
    const row = await findReport(ctx.dataSource, parseMonth(month), version ?? undefined);
    return row && reportView(row);
  }

  @Authorized(...REPORT_ROLES)
  @Query(() => MonthlyReportConnection, { description: "Every version of a month's report, oldest first." })
  async monthlyReportVersions(
    @Arg('month') month: string,
    @Ctx() ctx: StatusesContext,
    @Arg('first', () => Int, { defaultValue: 50 }) first = 50,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<Connection<MonthlyReport>> {
    const page = await listVersions(ctx.dataSource, parseMonth(month), first, after ?? undefined);
    return connectionOf(page.rows, versionCursor, { hasNextPage: page.hasNextPage, after }, reportView);
  }

  @Authorized(...REPORT_ROLES)
  @Mutation(() => MonthlyReport, { description: 'Generates a new version of a finished month\'s report now (the scheduler makes one on the 1st).' })
  async generateMonthlyReport(@Arg('month') month: string, @Ctx() ctx: StatusesContext): Promise<MonthlyReport> {
    const who = requireIdentity(ctx.identity);
    return reportView(await generateReport(ctx.dataSource, parseMonth(month), 'ON_DEMAND', who.subject));
  }

  @FieldResolver(() => ReportFile, { description: 'The report as a file, with Kazakh and Russian headers.' })
  async export(@Root() report: MonthlyReport, @Arg('format', () => ReportFormat) format: ReportFormat, @Ctx() ctx: StatusesContext): Promise<ReportFile> {
    const row = await ctx.dataSource.manager.findOneByOrFail(MonthlyReportRow, { id: report.id });
    if (!Object.values(ReportFormat).includes(format)) throw hubError(ErrorCode.UnsupportedFormat, `No export format ${format}`, 'format');
    return exportReport(row, format);
  }
}
