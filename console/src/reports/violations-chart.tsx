import type { MonthlyReportView } from '../api/types';
import { useApp } from '../app-context';
import { serviceName } from '../format';
import { useLang } from '../lang';
import { axisTicks } from './axis';

const WIDTH = 860;
const LABEL_W = 340;
const BAR_X = LABEL_W + 10;
const BAR_MAX = WIDTH - BAR_X - 60;
const ROW_H = 26;
const GROUP_H = 28;
const LEGEND_H = 34;
// room for the longer (Kazakh) first legend text at 12px
const LEGEND_GAP = 330;

const AXIS_H = 40;

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * Violations per service, grouped by agency: one horizontal bar per service, its technical part
 * (failures of systems the requests depended on) in a lighter shade at the bar's start.
 */
export function ViolationsChart({ report }: { report: MonthlyReportView }) {
  const { t, lang } = useLang();
  const { catalogue } = useApp();
  const ticks = axisTicks(Math.max(0, ...report.lines.map((l) => l.violations)));
  const max = ticks[ticks.length - 1];
  const groups = report.providers.map((p) => ({ provider: p, lines: report.lines.filter((l) => l.providerBin === p.providerBin) }));
  const plotBottom = LEGEND_H + groups.reduce((h, g) => h + GROUP_H + g.lines.length * ROW_H, 0) + 4;
  const height = plotBottom + AXIS_H;
  const titleId = `chart-title-${report.id}`;
  let y = LEGEND_H;

  return (
    // on a phone the chart keeps a readable size and scrolls sideways inside its card (focusable, so the keyboard can scroll it too)
    <figure className="chart" tabIndex={0} aria-label={`${t('chartTitle')} — ${report.month}`}>
      <svg
        data-testid="violations-chart"
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
        style={{ maxWidth: WIDTH }}
        role="img"
        aria-labelledby={titleId}
        className="violations-chart"
        preserveAspectRatio="xMinYMin meet"
      >
        <title id={titleId}>{`${t('chartTitle')} — ${report.month}`}</title>
        <g className="legend" transform="translate(0, 8)">
          <rect x={0} y={0} width={14} height={14} className="bar-other" />
          <text x={20} y={11}>{t('chartOther')}</text>
          <rect x={LEGEND_GAP} y={0} width={14} height={14} className="bar-technical" />
          <text x={LEGEND_GAP + 20} y={11}>{t('chartTechnical')}</text>
        </g>
        <g className="axis" data-testid="chart-axis" data-max={max}>
          {ticks.map((v) => {
            const x = BAR_X + (v / max) * BAR_MAX;
            return (
              <g key={v} data-testid="chart-tick" data-value={v}>
                <line x1={x} x2={x} y1={LEGEND_H} y2={plotBottom} className="grid-line" />
                <text x={x} y={plotBottom + 16} textAnchor="middle" className="tick-label">{v}</text>
              </g>
            );
          })}
          <line x1={BAR_X} x2={BAR_X + BAR_MAX} y1={plotBottom} y2={plotBottom} className="axis-line" />
          <text x={BAR_X + BAR_MAX / 2} y={plotBottom + 34} textAnchor="middle" className="axis-title">{t('chartAxis')}</text>
        </g>
        {groups.map(({ provider, lines }) => {
          const top = y;
          y += GROUP_H + lines.length * ROW_H;
          return (
            <g key={provider.providerBin} className="chart-group" data-provider-bin={provider.providerBin} transform={`translate(0, ${top})`}>
              <text x={0} y={GROUP_H - 9} className="agency-label">
                <title>{catalogue.agencyName(provider.providerBin, lang) ?? provider.providerName}</title>
                {clip(catalogue.agencyName(provider.providerBin, lang) ?? provider.providerName, 80)}
              </text>
              <line x1={0} x2={WIDTH} y1={GROUP_H - 3} y2={GROUP_H - 3} className="group-rule" />
              {lines.map((l, i) => {
                const service = catalogue.serviceByCode(l.serviceCode);
                const name = service ? serviceName(lang, service) : l.serviceName;
                const total = (l.violations / max) * BAR_MAX;
                const technical = (Math.min(l.technicalViolations, l.violations) / max) * BAR_MAX;
                const rowY = GROUP_H + i * ROW_H;
                return (
                  <g
                    key={l.serviceCode}
                    data-testid="chart-bar"
                    data-provider-bin={l.providerBin}
                    data-service-code={l.serviceCode}
                    data-violations={l.violations}
                    data-technical={l.technicalViolations}
                    transform={`translate(0, ${rowY})`}
                  >
                    <title>{`${name}: ${l.violations} (${t('chartTechnical')}: ${l.technicalViolations})`}</title>
                    <text x={LABEL_W} y={ROW_H / 2 + 4} textAnchor="end" className="service-label">{clip(name, 44)}</text>
                    <rect x={BAR_X} y={5} width={Math.max(total, 0)} height={ROW_H - 10} className="bar-other" />
                    {technical > 0 && <rect x={BAR_X} y={5} width={technical} height={ROW_H - 10} className="bar-technical" />}
                    <text x={BAR_X + total + 6} y={ROW_H / 2 + 4} className="bar-value">{l.violations}</text>
                  </g>
                );
              })}
            </g>
          );
        })}
      </svg>
      {report.total.violations === 0 && <figcaption className="muted">{t('chartNone')}</figcaption>}
    </figure>
  );
}
