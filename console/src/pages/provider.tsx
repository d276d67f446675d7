import { useEffect, useState } from 'react';
import { nodesOf } from '../api/connection';
import { problemsOf, type Problem } from '../api/errors';
import { gql } from '../api/http';
import { STAGE_REPORT_REFUSALS } from '../api/queries';
import type { ApplicationSummary } from '../api/types';
import { useApp } from '../app-context';
import { FormError } from '../components/field';
import { OverdueBadge } from '../components/overdue-badge';
import { StageBadge } from '../components/stage-badge';
import { fullName, serviceName, showDate, showTime } from '../format';
import { useLang } from '../lang';
import { hrefOf } from '../router';
import { applicationsOf } from '../stage-reports';

interface Refusal { id: string; receivedAt: string; messageId?: string | null; code: string; field?: string | null; reason: string }

/**
 * A provider with its own information system reports through it, not here (data-entry rules p.5):
 * the console shows it, read-only, its requests as the hub has them and the reports the hub refused.
 */
export function ProviderPage() {
  const { t, lang, errorText } = useLang();
  const { session } = useApp();
  const [apps, setApps] = useState<ApplicationSummary[]>();
  const [refusals, setRefusals] = useState<Refusal[]>();
  const [problem, setProblem] = useState<Problem>();
  useEffect(() => {
    applicationsOf(session.token, { stage: 'ACCEPTED' }).then(setApps, (e: unknown) => setProblem(problemsOf(e)[0]));
    gql<{ stageReportRefusals: Refusal[] }>(session.token, STAGE_REPORT_REFUSALS, { first: 50 })
      .then((d) => setRefusals(nodesOf(d.stageReportRefusals)), (e: unknown) => setProblem(problemsOf(e)[0]));
  }, [session.token]);

  return (
    <main className="page provider" data-testid="provider-view">
      <h1 className="page-title">{t('providerTitle')}</h1>
      <p className="hint">{t('providerHint')}</p>
      <FormError problem={problem} />
      <section className="card" aria-labelledby="provider-apps-title">
        <h2 id="provider-apps-title">{t('providerRequests')}</h2>
        {!apps ? <p className="muted">{t('loading')}</p> : apps.length === 0 ? <p className="muted">{t('worklistEmpty')}</p> : (
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="provider-apps-title">
            <table data-testid="provider-requests">
              <thead><tr><th scope="col">{t('fNumber')}</th><th scope="col">{t('fRecipient')}</th><th scope="col">{t('fService')}</th><th scope="col">{t('fPlannedDate')}</th><th scope="col">{t('fCurrentStage')}</th></tr></thead>
              <tbody>
                {apps.map((a) => (
                  <tr key={a.id} data-testid="provider-request" data-application-number={a.number}>
                    <td><a href={hrefOf.application(a.id)}>{a.number}</a></td>
                    <td>{fullName(a.recipient)}</td>
                    <td>{serviceName(lang, a.service)}</td>
                    <td>{showDate(a.plannedDate, lang)} <OverdueBadge overdue={a.overdue} /></td>
                    <td><StageBadge stage={a.currentStage} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="card" aria-labelledby="refusals-title">
        <h2 id="refusals-title">{t('refusalsTitle')}</h2>
        {!refusals ? <p className="muted">{t('loading')}</p> : refusals.length === 0 ? <p className="muted">{t('refusalsEmpty')}</p> : (
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="refusals-title">
            <table data-testid="provider-refusals">
              <thead><tr><th scope="col">{t('colWhen')}</th><th scope="col">{t('colMessage')}</th><th scope="col">{t('colError')}</th></tr></thead>
              <tbody>
                {refusals.map((r) => (
                  <tr key={r.id} data-testid="provider-refusal" data-code={r.code}>
                    <td><time dateTime={r.receivedAt}>{showTime(r.receivedAt, lang)}</time></td>
                    <td className="mono">{r.messageId ?? '—'}</td>
                    <td>{errorText(r.code, r.reason)}{r.field ? ` (${r.field})` : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </main>
  );
}
