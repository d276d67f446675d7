import { useApp } from '../app-context';
import { agencyNameIn } from '../catalogue';
import { serviceName } from '../format';
import { useLang } from '../lang';

export interface BoardFilter {
  serviceCode: string;
  providerBin: string;
  overdueOnly: boolean;
}

export function BoardFilters({ value, onChange }: { value: BoardFilter; onChange(next: BoardFilter): void }) {
  const { t, lang } = useLang();
  const { catalogue } = useApp();
  return (
    <div className="filters" role="group" aria-label={t('boardTitle')}>
      <div className="field">
        <label htmlFor="filter-service">{t('filterService')}</label>
        <select id="filter-service" data-testid="filter-service" value={value.serviceCode} onChange={(e) => onChange({ ...value, serviceCode: e.target.value })}>
          <option value="">{t('all')}</option>
          {catalogue.services.map((s) => <option key={s.code} value={s.code}>{serviceName(lang, s)}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-provider">{t('filterProvider')}</label>
        <select id="filter-provider" data-testid="filter-provider" value={value.providerBin} onChange={(e) => onChange({ ...value, providerBin: e.target.value })}>
          <option value="">{t('all')}</option>
          {catalogue.agencies.map((a) => <option key={a.bin} value={a.bin}>{agencyNameIn(a, lang)}</option>)}
        </select>
      </div>
      <div className="field checkbox-field">
        <input id="filter-overdue" type="checkbox" data-testid="filter-overdue" checked={value.overdueOnly} onChange={(e) => onChange({ ...value, overdueOnly: e.target.checked })} />
        <label htmlFor="filter-overdue">{t('filterOverdue')}</label>
      </div>
    </div>
  );
}
