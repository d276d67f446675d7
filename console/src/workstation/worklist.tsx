import type { ApplicationSummary } from '../api/types';
import { OverdueBadge } from '../components/overdue-badge';
import { StageBadge } from '../components/stage-badge';
import { fullName, serviceName, showDate } from '../format';
import { useLang } from '../lang';

/** The provider's requests (by their ACCEPTED record), newest first; a row selects the request. */
export function Worklist({ items, selectedId, showClosed, loading, onShowClosed, onSelect, onRefresh }: {
  items: ApplicationSummary[];
  selectedId?: string;
  showClosed: boolean;
  loading: boolean;
  onShowClosed(value: boolean): void;
  onSelect(id: string): void;
  onRefresh(): void;
}) {
  const { t, lang } = useLang();
  return (
    <section className="card worklist-card" aria-labelledby="worklist-title">
      <div className="card-head">
        <h2 id="worklist-title">{t('worklistTitle')} <span className="count">{items.length}</span></h2>
        <div className="inline-tools">
          <span className="checkbox-field">
            <input id="show-closed" type="checkbox" data-testid="show-closed" checked={showClosed} onChange={(e) => onShowClosed(e.target.checked)} />
            <label htmlFor="show-closed">{t('showClosed')}</label>
          </span>
          <button type="button" className="small" data-testid="worklist-refresh" onClick={onRefresh} disabled={loading}>{t('refresh')}</button>
        </div>
      </div>
      <div className="table-wrap" tabIndex={0} role="region" aria-label={t('worklistTitle')}>
        <table className="worklist" data-testid="worklist" aria-busy={loading}>
          <thead>
            <tr>
              <th scope="col">{t('fNumber')} / {t('fPlannedDate')}</th>
              <th scope="col">{t('fRecipient')} / {t('fService')}</th>
              <th scope="col">{t('fCurrentStage')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <tr
                key={a.id}
                data-testid="worklist-item"
                data-application-number={a.number}
                data-current-stage={a.currentStage}
                data-overdue={String(a.overdue.isOverdue)}
                className={[a.id === selectedId ? 'selected' : '', a.overdue.isOverdue ? 'overdue' : ''].join(' ').trim() || undefined}
                aria-selected={a.id === selectedId}
                tabIndex={0}
                onClick={() => onSelect(a.id)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    onSelect(a.id);
                  }
                }}
              >
                <td>
                  <div className="mono strong">{a.number}</div>
                  <div className="small">{showDate(a.plannedDate, lang)} <OverdueBadge overdue={a.overdue} /></div>
                </td>
                <td>
                  <div>{fullName(a.recipient)} <span className="mono muted small">{a.recipient.iinOrBin}</span></div>
                  <div className="muted small">{serviceName(lang, a.service)}</div>
                </td>
                <td><StageBadge stage={a.currentStage} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {items.length === 0 && !loading && <p className="muted empty">{t('worklistEmpty')}</p>}
    </section>
  );
}
