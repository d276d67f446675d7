import { useCallback, useEffect, useRef, useState } from 'react';
import { problemsOf, type Problem } from '../api/errors';
import type { ApplicationSummary } from '../api/types';
import { useApp } from '../app-context';
import { FormError } from '../components/field';
import { useLang } from '../lang';
import { applicationsOf } from '../stage-reports';
import { RegisterForm } from '../workstation/register-form';
import { RequestPanel } from '../workstation/request-panel';
import { Worklist } from '../workstation/worklist';

/** The provider's workstation (АРМ): register requests, work through their stages. */
export function WorkstationPage() {
  const { t } = useLang();
  const { session } = useApp();
  const [items, setItems] = useState<ApplicationSummary[]>([]);
  const [selectedId, setSelectedId] = useState<string>();
  const [showClosed, setShowClosed] = useState(false);
  const [loading, setLoading] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const latest = useRef(0);

  const refresh = useCallback(() => {
    const request = ++latest.current;
    setLoading(true);
    // a provider sees only its own requests: the hub narrows the filter to its BIN
    applicationsOf(session.token, { stage: 'ACCEPTED', ...(showClosed ? {} : { open: true }) })
      .then((list) => {
        if (request !== latest.current) return;
        setItems(list);
        setProblem(undefined);
      })
      .catch((error: unknown) => request === latest.current && setProblem(problemsOf(error)[0]))
      .finally(() => request === latest.current && setLoading(false));
  }, [session.token, showClosed]);

  useEffect(refresh, [refresh]);

  const registered = (id: string) => {
    setSelectedId(id);
    refresh();
  };

  return (
    <main className="page workstation">
      <h1 className="page-title">{t('workstationTitle')}</h1>
      <div className="workstation-grid">
        <div className="column">
          <RegisterForm onRegistered={registered} />
          <Worklist
            items={items}
            selectedId={selectedId}
            showClosed={showClosed}
            loading={loading}
            onShowClosed={setShowClosed}
            onSelect={setSelectedId}
            onRefresh={refresh}
          />
          <FormError problem={problem} testId="worklist-error" />
        </div>
        <div className="column">
          <RequestPanel applicationId={selectedId} onChanged={refresh} />
        </div>
      </div>
    </main>
  );
}
