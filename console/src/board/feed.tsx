import type { StageEvent } from '../api/types';
import { useApp } from '../app-context';
import { OverdueBadge } from '../components/overdue-badge';
import { StageBadge } from '../components/stage-badge';
import { serviceName, showTime } from '../format';
import { useLang } from '../lang';
import { newestReceivedFirst } from './order';
import { hrefOf, navigate } from '../router';

/** The live stage changes, newest received first; each opens its request. */
export function Feed({ events, hidden }: { events: StageEvent[]; hidden: number }) {
  const { t } = useLang();
  return (
    <>
      <ol className="feed" data-testid="feed" aria-live="polite">
        {newestReceivedFirst(events).map((e) => <FeedItem key={e.id} event={e} />)}
      </ol>
      {events.length === 0 && <p className="muted empty">{hidden ? t('feedHidden', { count: hidden }) : t('feedEmpty')}</p>}
    </>
  );
}

function FeedItem({ event: e }: { event: StageEvent }) {
  const { t, lang } = useLang();
  const { catalogue } = useApp();
  const href = hrefOf.application(e.application.id);
  const overdue = e.application.overdue.isOverdue;
  return (
    <li
      className={`feed-item${overdue ? ' overdue' : ''}`}
      data-testid="feed-item"
      data-application-number={e.application.number}
      data-stage={e.stage}
      data-overdue={String(overdue)}
      onClick={() => navigate(href)}
    >
      {/* ordered by when the hub received the report: that time leads, the stage's own time beside it */}
      <div className="feed-time">
        <span className="feed-received" data-testid="feed-receivedAt"><span className="visually-hidden">{t('receivedAt')}: </span><time dateTime={e.receivedAt}>{showTime(e.receivedAt, lang)}</time></span>
        <span className="feed-occurred small muted" data-testid="feed-occurredAt">{t('occurredAt')}: <time dateTime={e.occurredAt}>{showTime(e.occurredAt, lang)}</time></span>
      </div>
      <div className="feed-main">
        <a href={href} className="feed-number" onClick={(ev) => ev.stopPropagation()}>№ {e.application.number}</a>
        <StageBadge stage={e.stage} label={e.stageLabel} outcome={e.outcome} />
        <OverdueBadge overdue={e.application.overdue} />
      </div>
      <div className="feed-sub">
        <span>{serviceName(lang, e.application.service)}</span>
        <span className="muted">{catalogue.agencyName(e.providerBin, lang) ?? ''} <span className="mono">{e.providerBin}</span></span>
        {e.refusalReason && <span className="muted">{t('fRefusalReason')}: {e.refusalReason}</span>}
      </div>
    </li>
  );
}
