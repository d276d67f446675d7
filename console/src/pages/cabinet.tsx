import { FormEvent, useCallback, useEffect, useState } from 'react';
import { nodesOf } from '../api/connection';
import { problemsOf, type Problem } from '../api/errors';
import { gql } from '../api/http';
import { ANSWER_SURVEY, MY_APPLICATIONS, MY_DATA_ACCESS } from '../api/queries';
import { useApp } from '../app-context';
import type { LogEntryView } from '../api/types';
import { FormError } from '../components/field';
import { LogMark } from '../components/log-mark';
import { StageBadge } from '../components/stage-badge';
import { Timeline } from '../components/timeline';
import { serviceName, showDate, showTime } from '../format';
import { useLang } from '../lang';
import { documentTypeName } from './operator';
import type { TrackedApplication } from './tracked';

interface AccessEntry {
  id: string;
  at: string;
  actorRole: string;
  actorName?: string | null;
  organisation?: { bin: string; name?: string | null } | null;
  documentType: string;
  purpose?: string | null;
  basis?: string | null;
  application?: { id: string; number: string } | null;
  outcome: string;
  errorCode?: string | null;
  logEntry?: LogEntryView | null;
}

/** The citizen's personal cabinet (ЦОН rules p.11.3): my applications, who looked my data up, and the quality survey. */
export function CabinetPage() {
  const { t } = useLang();
  const { session } = useApp();
  const [apps, setApps] = useState<TrackedApplication[]>();
  const [access, setAccess] = useState<AccessEntry[]>();
  const [problem, setProblem] = useState<Problem>();

  const load = useCallback(() => {
    setProblem(undefined);
    gql<{ myApplications: TrackedApplication[] }>(session.token, MY_APPLICATIONS)
      .then((d) => setApps(nodesOf(d.myApplications)))
      .catch((e: unknown) => setProblem(problemsOf(e)[0]));
    gql<{ myDataAccess: { nodes: AccessEntry[] } }>(session.token, MY_DATA_ACCESS, { first: 100 })
      .then((d) => setAccess(nodesOf(d.myDataAccess)))
      .catch((e: unknown) => setProblem(problemsOf(e)[0]));
  }, [session.token]);
  useEffect(load, [load]);

  return (
    <main className="page cabinet">
      <div className="page-head">
        <h1 className="page-title">{t('cabinetTitle')}</h1>
        <button type="button" data-testid="cabinet-refresh" onClick={load}>{t('refresh')}</button>
      </div>
      <FormError problem={problem} />
      <section className="card" aria-labelledby="my-apps-title">
        <h2 id="my-apps-title">{t('myApplications')}</h2>
        {!apps ? <p className="muted">{t('loading')}</p> : apps.length === 0 ? <p className="muted">{t('myApplicationsEmpty')}</p> : (
          <ul className="plain-list">
            {apps.map((a) => <MyApplication key={a.id} app={a} />)}
          </ul>
        )}
      </section>
      <section className="card" aria-labelledby="access-title">
        <h2 id="access-title">{t('dataAccessTitle')}</h2>
        <p className="hint">{t('dataAccessHint')}</p>
        {!access ? <p className="muted">{t('loading')}</p> : access.length === 0 ? <p className="muted">{t('dataAccessEmpty')}</p> : (
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="access-title">
            <table data-testid="data-access">
              <thead>
                <tr><th scope="col">{t('colWhen')}</th><th scope="col">{t('colOrganisation')}</th><th scope="col">{t('colWho')}</th><th scope="col">{t('colDocument')}</th><th scope="col">{t('colPurpose')}</th><th scope="col">{t('colOutcome')}</th><th scope="col">{t('colLog')}</th></tr>
              </thead>
              <tbody>
                {access.map((e) => <AccessRow key={e.id} entry={e} />)}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </main>
  );
}

function AccessRow({ entry: e }: { entry: AccessEntry }) {
  const { t, lang, errorText } = useLang();
  return (
    <tr data-testid="data-access-row" data-document-type={e.documentType} data-outcome={e.outcome}>
      <td><time dateTime={e.at}>{showTime(e.at, lang)}</time></td>
      <td>{e.organisation?.name ?? e.organisation?.bin ?? '—'}</td>
      <td>{e.actorName ?? t(`role_${e.actorRole}` as 'role_operator')}</td>
      <td>{documentTypeName(e.documentType, lang)}</td>
      <td>{e.purpose ?? '—'}{e.application && <> (№ {e.application.number})</>}</td>
      <td>{e.errorCode ? errorText(e.errorCode, e.errorCode) : t('accessReturned')}</td>
      <td><LogMark entry={e.logEntry} /></td>
    </tr>
  );
}

function MyApplication({ app }: { app: TrackedApplication }) {
  const { t, lang } = useLang();
  return (
    <li className="card inner" data-testid="my-application" data-application-number={app.number} data-current-stage={app.currentStage}>
      <div className="card-head">
        <h3>{t('applicationTitle', { number: app.number })}</h3>
        <StageBadge stage={app.currentStage} outcome={app.outcome} />
      </div>
      <p>{serviceName(lang, app.service)} · {t('fPlannedDate')}: {showDate(app.plannedDate, lang)}</p>
      {app.result && (
        <p data-testid="my-result" data-outcome={app.result.outcome}>
          {t('resultLine', { outcome: t(app.result.outcome === 'ISSUED' ? 'outcome_ISSUED' : 'outcome_REFUSED'), at: showTime(app.result.decidedAt, lang) })}
          {app.result.document && <> · <span className="mono">{app.result.document.fileName}</span></>}
        </p>
      )}
      <Timeline entries={app.timeline} />
      {app.currentStage === 'CLOSED' && <Survey applicationId={app.id} number={app.number} />}
    </li>
  );
}

const SATISFACTION = ['SATISFIED', 'PARTLY_SATISFIED', 'NOT_SATISFIED'] as const;
type Satisfaction = (typeof SATISFACTION)[number];

/** The quality survey of a closed application (model regulation annex 4): two questions, three answers each. */
function Survey({ applicationId, number }: { applicationId: string; number: string }) {
  const { t } = useLang();
  const { session } = useApp();
  const [answers, setAnswers] = useState<{ processAndResult?: Satisfaction; information?: Satisfaction }>({});
  const [problem, setProblem] = useState<Problem>();
  const [sent, setSent] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!answers.processAndResult || !answers.information) return setProblem({ code: 'FIELD_REQUIRED', message: '' });
    setProblem(undefined);
    try {
      await gql(session.token, ANSWER_SURVEY, { input: { applicationId, ...answers } });
      setSent(true);
    } catch (error) {
      setProblem(problemsOf(error)[0]);
    }
  };

  if (sent) return <p className="success" role="status" data-testid="survey-thanks">{t('surveyThanks')}</p>;
  return (
    <form className="survey" data-testid="survey" onSubmit={submit} noValidate>
      <h4>{t('surveyTitle')}</h4>
      {(['processAndResult', 'information'] as const).map((question) => (
        <fieldset key={question} className="fieldset">
          <legend>{t(`survey_${question}`)}</legend>
          {SATISFACTION.map((value) => (
            <label key={value} className="checkbox-field">
              <input type="radio" name={`${number}-${question}`} data-testid={`survey-${question}-${value}`} checked={answers[question] === value} onChange={() => setAnswers((a) => ({ ...a, [question]: value }))} />
              {t(`satisfaction_${value}`)}
            </label>
          ))}
        </fieldset>
      ))}
      <FormError problem={problem} />
      <button type="submit" className="primary" data-testid="survey-submit">{t('surveySubmit')}</button>
    </form>
  );
}
