import ExcelJS from 'exceljs';
import { MonthlyReportRow } from './monthly-report.entity';
import { ReportLine } from './monthly-report.entity';
import { formatAstana } from '../../platform/time';
import { averageDays, totalOf } from './report.service';

type Column = { key: keyof ReportLine | 'averageViolationDays'; kk: string; ru: string; width: number };

/** The report's columns with their headers in Kazakh and Russian (the two languages of the rules). */
export const REPORT_COLUMNS: Column[] = [
  { key: 'providerBin', kk: 'Көрсетілетін қызметті берушінің БСН', ru: 'БИН услугодателя', width: 15 },
  { key: 'providerName', kk: 'Көрсетілетін қызметті беруші', ru: 'Услугодатель', width: 40 },
  { key: 'serviceCode', kk: 'Қызмет коды', ru: 'Код услуги', width: 14 },
  { key: 'serviceName', kk: 'Мемлекеттік көрсетілетін қызмет', ru: 'Государственная услуга', width: 50 },
  { key: 'requests', kk: 'Өтініштер саны', ru: 'Количество обращений', width: 14 },
  { key: 'closedLate', kk: 'Мерзімі бұзылып орындалғандар', ru: 'Исполнено с нарушением срока', width: 18 },
  { key: 'openOverdueAtMonthEnd', kk: 'Ай соңында орындалмаған, мерзімі өткендер', ru: 'Не исполнено и просрочено на конец месяца', width: 20 },
  { key: 'violations', kk: 'Бұзушылықтар саны', ru: 'Количество нарушений', width: 14 },
  { key: 'violationDays', kk: 'Бұзушылықтардың жалпы ұзақтығы, күн', ru: 'Общая длительность нарушений, дней', width: 18 },
  { key: 'averageViolationDays', kk: 'Бұзушылықтың орташа ұзақтығы, күн', ru: 'Средняя длительность нарушения, дней', width: 18 },
  { key: 'technicalViolations', kk: 'Оның ішінде техникалық себептер бойынша', ru: 'В том числе по техническим причинам', width: 20 },
];

export type ExportFormat = 'CSV' | 'XLSX';
export interface ReportFile { fileName: string; mediaType: string; contentBase64: string }

/** Lines, each provider's subtotal after its services, and the grand total, as the export shows them. */
function exportLines(report: MonthlyReportRow): Record<string, string | number>[] {
  const out: Record<string, string | number>[] = [];
  const withAverage = (l: Omit<ReportLine, 'providerBin' | 'providerName' | 'serviceCode' | 'serviceName'>) => ({ ...l, averageViolationDays: averageDays(l) });
  const providers = [...new Set(report.rows.map((r) => r.providerBin))];
  for (const bin of providers) {
    const lines = report.rows.filter((r) => r.providerBin === bin);
    for (const l of lines) out.push({ ...withAverage(l), providerBin: l.providerBin, providerName: l.providerName, serviceCode: l.serviceCode, serviceName: l.serviceName });
    out.push({ ...withAverage(totalOf(lines)), providerBin: bin, providerName: lines[0].providerName, serviceCode: '', serviceName: 'Барлығы / Итого' });
  }
  out.push({ ...withAverage(totalOf(report.rows)), providerBin: '', providerName: 'Барлық көрсетілетін қызметті берушілер / Все услугодатели', serviceCode: '', serviceName: 'Жиыны / Всего' });
  return out;
}

const csvCell = (v: string | number) => (typeof v === 'number' ? String(v) : /[",\n\r;]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export async function exportReport(report: MonthlyReportRow, format: ExportFormat): Promise<ReportFile> {
  const base = `monthly-report-${report.month.slice(0, 7)}-v${report.version}`;
  const lines = exportLines(report);
  if (format === 'CSV') {
    const header = REPORT_COLUMNS.map((c) => csvCell(`${c.kk} / ${c.ru}`)).join(',');
    const body = lines.map((l) => REPORT_COLUMNS.map((c) => csvCell(l[c.key] ?? '')).join(','));
    // a byte-order mark, so that spreadsheet programs read the Cyrillic as UTF-8
    const text = `\uFEFF${[header, ...body].join('\r\n')}\r\n`;
    return { fileName: `${base}.csv`, mediaType: 'text/csv; charset=utf-8', contentBase64: Buffer.from(text, 'utf8').toString('base64') };
  }
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Qyzmet Hub';
  workbook.created = report.generatedAt;
  const sheet = workbook.addWorksheet(report.month.slice(0, 7));
  sheet.columns = REPORT_COLUMNS.map((c) => ({ key: c.key, width: c.width }));
  sheet.addRow([`Мемлекеттік қызметтер көрсету мерзімдерінің бұзылуы туралы талдамалық есеп / Аналитический отчет о нарушениях сроков оказания государственных услуг: ${report.month.slice(0, 7)}, v${report.version} (${formatAstana(report.generatedAt)})`]);
  sheet.addRow(REPORT_COLUMNS.map((c) => c.kk)).font = { bold: true };
  sheet.addRow(REPORT_COLUMNS.map((c) => c.ru)).font = { bold: true };
  for (const l of lines) {
    const row = sheet.addRow(REPORT_COLUMNS.map((c) => l[c.key] ?? ''));
    if (l.serviceCode === '') row.font = { bold: true };
  }
  sheet.views = [{ state: 'frozen', ySplit: 3 }];
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  return { fileName: `${base}.xlsx`, mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', contentBase64: buffer.toString('base64') };
}
