import { useEffect, useRef } from 'react';
import { problemsOf } from '../api/errors';
import { useApp } from '../app-context';
import { ApplicationDetails } from '../components/application-details';
import { Timeline } from '../components/timeline';
import { useLang } from '../lang';
import { useApplication } from '../use-application';
import { StageActions } from './stage-actions';

/** The selected request: its fields, its timeline and what can be done next. */
export function RequestPanel({ applicationId, onChanged }: { applicationId?: string; onChanged(): void }) {
  const { t, errorText } = useLang();
  const { session } = useApp();
  const { app, error, loading, reload } = useApplication(session.token, applicationId);
  const ref = useRef<HTMLElement>(null);
  // in the one-column layout the panel is below the list: bring the chosen request into view
  const shownId = app?.id;
  useEffect(() => {
    const top = ref.current?.getBoundingClientRect().top;
    if (shownId && top !== undefined && (top < 0 || top > window.innerHeight * 0.75)) ref.current?.scrollIntoView({ block: 'start' });
  }, [shownId]);

  if (!applicationId) return <section className="card request-panel empty-panel"><p className="muted">{t('panelEmpty')}</p></section>;
  if (!app) {
    const problem = error ? problemsOf(error)[0] : undefined;
    return (
      <section className="card request-panel">
        {loading ? <p className="muted">{t('loading')}</p> : problem
          ? <p className="form-error" data-code={problem.code ?? ''}>{errorText(problem.code, problem.message)}</p>
          : <p className="notice">{t('notFound')}</p>}
      </section>
    );
  }
  return (
    <section
      ref={ref}
      className={`card request-panel${app.overdue.isOverdue ? ' overdue' : ''}`}
      data-testid="request-panel"
      data-application-number={app.number}
      data-current-stage={app.currentStage}
      aria-labelledby="panel-title"
      aria-busy={loading}
    >
      <h2 id="panel-title">{t('applicationTitle', { number: app.number })}</h2>
      <ApplicationDetails app={app} />
      <StageActions
        app={app}
        onRecorded={() => {
          reload();
          onChanged();
        }}
      />
      <Timeline entries={app.timeline} />
    </section>
  );
}
