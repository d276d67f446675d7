import { useEffect } from 'react';
import { problemsOf } from '../api/errors';
import { useApp } from '../app-context';
import { ApplicationDetails } from '../components/application-details';
import { LiveStatus } from '../components/live-status';
import { Timeline } from '../components/timeline';
import { useLang } from '../lang';
import { hrefOf } from '../router';
import { useApplication } from '../use-application';
import { useStageFeed } from '../use-live-feed';

/** One request, kept current by its own stageChanged subscription. */
export function ApplicationPage({ id }: { id: string }) {
  const { t, errorText } = useLang();
  const { session } = useApp();
  const { app, error, loading, reload } = useApplication(session.token, id);
  const live = useStageFeed(session.token, { applicationId: id }, () => reload());
  // a stage recorded between the first fetch and the subscription starting would be missed otherwise
  useEffect(() => {
    if (live === 'live') reload();
  }, [live, reload]);

  const problem = error ? problemsOf(error)[0] : undefined;
  return (
    <main className="page">
      <div className="page-head">
        <a href={hrefOf.board} className="back-link" data-testid="back-to-board">{t('backToBoard')}</a>
        <LiveStatus state={live} />
      </div>
      {app ? (
        <article
          className={`card application-view${app.overdue.isOverdue ? ' overdue' : ''}`}
          data-testid="application-view"
          data-application-number={app.number}
          data-current-stage={app.currentStage}
          data-overdue={String(app.overdue.isOverdue)}
        >
          <h1>{t('applicationTitle', { number: app.number })}</h1>
          <ApplicationDetails app={app} />
          <Timeline entries={app.timeline} />
        </article>
      ) : loading ? (
        <p className="muted">{t('loading')}</p>
      ) : problem ? (
        <p className="form-error" data-testid="form-error" data-code={problem.code ?? ''}>{errorText(problem.code, problem.message)}</p>
      ) : (
        <p className="notice" data-testid="application-not-found">{t('notFound')}</p>
      )}
    </main>
  );
}
