import type { MonthlyReportView, ReportFiguresView, ReportLine } from '../api/types';
import { useApp } from '../app-context';
import { serviceName, showNumber } from '../format';
import type { Lang } from '../i18n';
import { useLang } from '../lang';

const FIGURES: (keyof ReportFiguresView)[] = ['requests', 'closedLate', 'openOverdueAtMonthEnd', 'violations', 'technicalViolations', 'violationDays', 'averageViolationDays'];

function Figures({ f, lang }: { f: ReportFiguresView; lang: Lang }) {
  return (
    <>
      {FIGURES.map((key) => (
        <td key={key} className={`num${key === 'violations' && f.violations > 0 ? ' violations' : ''}`} data-col={key}>
          {showNumber(lang, f[key], key === 'averageViolationDays' ? 1 : 0)}
        </td>
      ))}
    </>
  );
}

/** Lines per provider and service, a subtotal after each provider, the total last. */
export function ReportTable({ report }: { report: MonthlyReportView }) {
  const { t, lang } = useLang();
  const { catalogue } = useApp();
  const nameOf = (line: ReportLine) => {
    const service = catalogue.serviceByCode(line.serviceCode);
    return service ? serviceName(lang, service) : line.serviceName;
  };
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={t('reportsTitle')}>
      <table className="report-table" data-testid="report-table">
        <thead>
          <tr>
            <th scope="col">{t('colProvider')}</th>
            <th scope="col">{t('colService')}</th>
            <th scope="col" className="num">{t('colRequests')}</th>
            <th scope="col" className="num">{t('colClosedLate')}</th>
            <th scope="col" className="num">{t('colOpenOverdue')}</th>
            <th scope="col" className="num">{t('colViolations')}</th>
            <th scope="col" className="num">{t('colTechnical')}</th>
            <th scope="col" className="num">{t('colViolationDays')}</th>
            <th scope="col" className="num">{t('colAverageDays')}</th>
          </tr>
        </thead>
        {report.providers.map((p) => {
          const lines = report.lines.filter((l) => l.providerBin === p.providerBin);
          return (
            <tbody key={p.providerBin} data-provider-bin={p.providerBin}>
              {lines.map((l, i) => (
                <tr key={l.serviceCode} data-testid="report-row" data-provider-bin={l.providerBin} data-service-code={l.serviceCode}>
                  {i === 0 && <th scope="rowgroup" rowSpan={lines.length} className="provider-cell">{catalogue.agencyName(l.providerBin, lang) ?? l.providerName}<div className="mono muted small">{l.providerBin}</div></th>}
                  <td>{nameOf(l)}<div className="mono muted small">{l.serviceCode}</div></td>
                  <Figures f={l} lang={lang} />
                </tr>
              ))}
              <tr className="subtotal" data-testid="report-subtotal" data-provider-bin={p.providerBin}>
                <th scope="row" colSpan={2}>{t('subtotal', { name: catalogue.agencyName(p.providerBin, lang) ?? p.providerName })}</th>
                <Figures f={p} lang={lang} />
              </tr>
            </tbody>
          );
        })}
        <tfoot>
          <tr className="total" data-testid="report-total">
            <th scope="row" colSpan={2}>{t('total')}</th>
            <Figures f={report.total} lang={lang} />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
