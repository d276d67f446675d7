import { FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { problemsOf, type Problem } from '../api/errors';
import { gql } from '../api/http';
import { GENERATE_REPORT, MONTHLY_REPORT } from '../api/queries';
import type { MonthlyReportView } from '../api/types';
import { useApp } from '../app-context';
import { FormError } from '../components/field';
import { previousMonth, showTime } from '../format';
import { useLang } from '../lang';
import { downloadReport, ExportFormat } from '../reports/download';
import { ReportTable } from '../reports/report-table';
import { ViolationsChart } from '../reports/violations-chart';

/** The monthly report on deadline violations (rules of data entry p.12), its versions and exports. */
export function ReportsPage() {
  const { t, lang } = useLang();
  const { session } = useApp();
  const [month, setMonth] = useState(previousMonth);
  // the month the shown report (or its absence) is for
  const [shown, setShown] = useState<{ month: string; report: MonthlyReportView | null }>();
  const [busy, setBusy] = useState<'load' | 'generate' | ExportFormat>();
  const [problem, setProblem] = useState<Problem>();
  const latest = useRef(0);

  const load = useCallback(async (which: string) => {
    const request = ++latest.current;
    setBusy('load');
    setProblem(undefined);
    try {
      const data = await gql<{ monthlyReport: MonthlyReportView | null }>(session.token, MONTHLY_REPORT, { month: which });
      if (request === latest.current) setShown({ month: which, report: data.monthlyReport });
    } catch (error) {
      if (request === latest.current) {
        setShown(undefined);
        setProblem(problemsOf(error)[0]);
      }
    } finally {
      if (request === latest.current) setBusy(undefined);
    }
  }, [session.token]);

  useEffect(() => {
    void load(previousMonth());
  }, [load]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void load(month);
  };

  const generate = async () => {
    const request = ++latest.current;
    setBusy('generate');
    setProblem(undefined);
    try {
      const data = await gql<{ generateMonthlyReport: MonthlyReportView }>(session.token, GENERATE_REPORT, { month });
      if (request === latest.current) setShown({ month, report: data.generateMonthlyReport });
    } catch (error) {
      if (request === latest.current) setProblem(problemsOf(error)[0]);
    } finally {
      if (request === latest.current) setBusy(undefined);
    }
  };

  const download = async (format: ExportFormat) => {
    const report = shown?.report;
    if (!report) return;
    setBusy(format);
    setProblem(undefined);
    try {
      await downloadReport(session.token, report.month, report.version, format);
    } catch (error) {
      setProblem(problemsOf(error)[0]);
    } finally {
      setBusy(undefined);
    }
  };

  const report = shown?.report;
  return (
    <main className="page reports">
      <h1 className="page-title">{t('reportsTitle')}</h1>
      <section className="card">
        <form className="toolbar" onSubmit={submit}>
          <div className="field">
            <label htmlFor="report-month">{t('reportMonth')}</label>
            <input id="report-month" type="month" data-testid="report-month" value={month} onChange={(e) => setMonth(e.target.value)} required />
          </div>
          <button type="submit" data-testid="report-load" disabled={!!busy || !month}>{t('reportLoad')}</button>
          <button type="button" className="primary" data-testid="report-generate" disabled={!!busy || !month} onClick={generate}>
            {busy === 'generate' ? t('reportGenerating') : t('reportGenerate')}
          </button>
          {report && (
            <span className="toolbar-end">
              <button type="button" data-testid="report-download-xlsx" disabled={!!busy} onClick={() => download('XLSX')}>{t('downloadXlsx')}</button>
              <button type="button" data-testid="report-download-csv" disabled={!!busy} onClick={() => download('CSV')}>{t('downloadCsv')}</button>
            </span>
          )}
        </form>
        <FormError problem={problem} />
        {busy === 'load' && !shown && <p className="muted">{t('loading')}</p>}
        {shown && !report && <p className="notice" data-testid="report-empty">{t('reportEmpty')} ({shown.month})</p>}
        {report && (
          <p className="report-meta" data-testid="report-meta" data-month={report.month} data-version={report.version} data-trigger={report.trigger}>
            {t('reportMeta', { month: report.month, version: report.version, trigger: t(report.trigger === 'SCHEDULED' ? 'trigger_SCHEDULED' : 'trigger_ON_DEMAND'), at: showTime(report.generatedAt, lang) })}
          </p>
        )}
      </section>
      {report && (
        <>
          <section className="card" aria-label={t('chartTitle')}>
            <h2>{t('chartTitle')}</h2>
            <ViolationsChart report={report} />
          </section>
          <section className="card">
            <ReportTable report={report} />
          </section>
        </>
      )}
    </main>
  );
}
