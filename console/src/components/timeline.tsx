import type { TimelineEntry } from '../api/types';
import { showTime } from '../format';
import { useId } from 'react';
import { useLang } from '../lang';
import { LogMark } from './log-mark';

/** The request's stages in the order they happened, each with who signed its report. */
export function Timeline({ entries }: { entries: TimelineEntry[] }) {
  const { t, lang, pick } = useLang();
  // a page may show several timelines (the citizen's cabinet): each its own title id
  const titleId = useId();
  return (
    <section className="timeline-section" aria-labelledby={titleId}>
      <h3 id={titleId}>{t('timelineTitle')}</h3>
      {entries.length === 0 ? <p className="muted">{t('timelineEmpty')}</p> : (
        <ol className="timeline" data-testid="timeline">
          {entries.map((e) => (
            <li key={e.id} className={`timeline-item stage-${e.stage.toLowerCase()}`} data-testid="timeline-item" data-stage={e.stage}>
              <div className="timeline-head">
                {/* a closing with its outcome says "Closed: issued" once, not the generic label and the outcome again */}
                <strong className="timeline-label">{e.stage === 'CLOSED' && e.outcome ? t(`closed_${e.outcome}`) : pick(e.stageLabel)}</strong>
                <time dateTime={e.occurredAt} data-testid="timeline-occurredAt">{showTime(e.occurredAt, lang)}</time>
              </div>
              <div className="timeline-meta">
                <span>{t('receivedAt')}: <time dateTime={e.receivedAt}>{showTime(e.receivedAt, lang)}</time></span>
                {e.executor && <span>{t('fExecutor')}: {e.executor}</span>}
                {e.refusalReason && <span>{t('fRefusalReason')}: {e.refusalReason}</span>}
                <LogMark entry={e.logEntry} />
              </div>
              {e.signature && (
                <div className="timeline-signer" data-testid="timeline-signer" data-verdict={e.signature.verdict}>
                  <span aria-hidden="true">✍ </span>
                  {t('signedBy')}: <strong>{e.signature.signerName ?? '—'}</strong>
                  {e.signature.signerIin && <>, {t('sigIin')} <span className="mono">{e.signature.signerIin}</span></>}
                  {(e.signature.organisation || e.signature.signerBin) && <>, {e.signature.organisation ?? ''} {e.signature.signerBin && <span className="mono">{e.signature.signerBin}</span>}</>}
                  {(e.signature.verdict === 'VALID' || e.signature.verdict === 'NOT_VERIFIED') && (
                    <span className={`verdict verdict-${e.signature.verdict.toLowerCase()}`}> · {t(`verdict_${e.signature.verdict}`)}</span>
                  )}
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
