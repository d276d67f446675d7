import { FormEvent, useState } from 'react';
import { problemsOf, type Problem } from '../api/errors';
import type { ApplicationSummary } from '../api/types';
import { useApp } from '../app-context';
import { FormError } from '../components/field';
import { OverdueBadge } from '../components/overdue-badge';
import { StageBadge } from '../components/stage-badge';
import { fullName, serviceName } from '../format';
import { useLang } from '../lang';
import { hrefOf, navigate } from '../router';
import { applicationsOf } from '../stage-reports';

/** Finds requests by the recipient's IIN/BIN (12 digits) or by a request number. */
export function Search() {
  const { t, lang } = useLang();
  const { session } = useApp();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [results, setResults] = useState<ApplicationSummary[]>();
  const [problem, setProblem] = useState<Problem>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const value = text.trim();
    if (!value) return;
    setBusy(true);
    setProblem(undefined);
    try {
      const filter = /^\d{12}$/.test(value) ? { recipientIin: value } : { applicationNumber: value };
      setResults(await applicationsOf(session.token, filter, 5));
    } catch (error) {
      setResults(undefined);
      setProblem(problemsOf(error)[0]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card search" aria-labelledby="search-title">
      <h2 id="search-title">{t('searchTitle')}</h2>
      <form className="search-form" onSubmit={submit} role="search">
        <div className="field grow">
          <label htmlFor="search-input">{t('searchLabel')}</label>
          <input id="search-input" data-testid="search-input" value={text} onChange={(e) => setText(e.target.value)} autoComplete="off" />
        </div>
        <button type="submit" className="primary" data-testid="search-submit" disabled={busy}>{t('searchSubmit')}</button>
      </form>
      <FormError problem={problem} testId="search-error" />
      {results && results.length === 0 && <p className="muted empty" data-testid="search-empty">{t('searchEmpty')}</p>}
      {results && results.length > 0 && (
        <>
          <p className="muted">{t('searchCount', { count: results.length })}</p>
          <ul className="result-list" data-testid="search-results">
            {results.map((a) => (
              <li
                key={a.id}
                className={`result${a.overdue.isOverdue ? ' overdue' : ''}`}
                data-testid="search-result"
                data-application-number={a.number}
                data-current-stage={a.currentStage}
                data-overdue={String(a.overdue.isOverdue)}
                onClick={() => navigate(hrefOf.application(a.id))}
              >
                <a href={hrefOf.application(a.id)} onClick={(e) => e.stopPropagation()}>№ {a.number}</a>
                <span>{fullName(a.recipient)} <span className="mono muted">{a.recipient.iinOrBin}</span></span>
                <span>{serviceName(lang, a.service)}</span>
                <StageBadge stage={a.currentStage} />
                <OverdueBadge overdue={a.overdue} />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
