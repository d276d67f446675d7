import type { ReactNode } from 'react';
import type { ApplicationView } from '../api/types';
import { useApp } from '../app-context';
import { fullName, serviceName, showDate, showTime } from '../format';
import { useLang } from '../lang';
import { OverdueBadge } from './overdue-badge';
import { StageBadge } from './stage-badge';

/** The eight fields of a request (rules of data entry p.9), its current stage and overdue state. */
export function ApplicationDetails({ app }: { app: ApplicationView }) {
  const { t, lang } = useLang();
  const { catalogue } = useApp();
  const provider = catalogue.agencyName(app.providerBin, lang);
  const term = t('termDays', { days: app.service.termDays, kind: t(app.service.termKind === 'CALENDAR_DAYS' ? 'term_CALENDAR_DAYS' : 'term_WORKING_DAYS') });
  const rows: [string, string, ReactNode][] = [
    ['recipient', t('fRecipient'), fullName(app.recipient)],
    ['iinOrBin', t('fIinOrBin'), <span className="mono">{app.recipient.iinOrBin}</span>],
    ['service', t('fService'), <>{serviceName(lang, app.service)} <span className="muted">({app.service.code}, {term})</span></>],
    ['placeOfAcceptance', t('fPlaceOfAcceptance'), app.placeOfAcceptance],
    ['acceptedAt', t('fAcceptedAt'), showTime(app.acceptedAt, lang)],
    ['executor', t('fExecutor'), app.executor || '—'],
    ['plannedDate', t('fPlannedDate'), showDate(app.plannedDate, lang)],
    ['executionDate', t('fExecutionDate'), showTime(app.executionDate, lang)],
    ['provider', t('fProvider'), <>{provider ?? ''} <span className="mono muted">{app.providerBin}</span></>],
  ];
  return (
    <div className="details">
      <div className="details-status">
        <span className="muted">{t('fCurrentStage')}:</span>
        <span data-testid="current-stage" data-stage={app.currentStage}><StageBadge stage={app.currentStage} outcome={app.outcome} /></span>
        <OverdueBadge overdue={app.overdue} testId="overdue-badge" />
      </div>
      <dl className="field-list">
        {rows.map(([key, label, value]) => (
          <div key={key} data-field={key}>
            <dt>{label}</dt>
            <dd data-testid={`detail-${key}`}>{value}</dd>
          </div>
        ))}
        {app.refusalReason && (
          <div data-field="refusalReason">
            <dt>{t('fRefusalReason')}</dt>
            <dd data-testid="detail-refusalReason">{app.refusalReason}</dd>
          </div>
        )}
      </dl>
    </div>
  );
}
