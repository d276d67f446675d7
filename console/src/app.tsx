import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ConsoleConfig, fetchConfig } from './api/console-api';
import { onUnauthenticated, setGraphqlPath } from './api/http';
import { sendOperationsById } from './api/operations';
import { AppContext, AppContextValue } from './app-context';
import { forgetBoard } from './board/board-store';
import { useCatalogue } from './catalogue';
import { Header } from './components/header';
import type { TextKey } from './i18n';
import { useLang } from './lang';
import { ApplicationPage } from './pages/application';
import { BoardPage } from './pages/board';
import { ReportsPage } from './pages/reports';
import { SignInPage } from './pages/sign-in';
import { WorkstationPage } from './pages/workstation';
import { AdminPage } from './pages/admin';
import { CabinetPage } from './pages/cabinet';
import { OperatorPage } from './pages/operator';
import { ProviderPage } from './pages/provider';
import { homeOf, hrefOf, navigate, PAGES_OF, Route, useRoute } from './router';
import { Identity, identityName, loadSession, saveSession, Session } from './session';
import { createSigner } from './signing';

export function App() {
  const { t } = useLang();
  const [config, setConfig] = useState<ConsoleConfig>();
  const [configFailed, setConfigFailed] = useState(false);

  const loadConfig = useCallback(() => {
    setConfigFailed(false);
    fetchConfig()
      .then(async (c) => {
        setGraphqlPath(c.graphqlPath || '/graphql');
        if (c.trustedOperations) await sendOperationsById();
        setConfig(c);
      })
      .catch(() => setConfigFailed(true));
  }, []);
  useEffect(loadConfig, [loadConfig]);

  if (!config) {
    return (
      <main className="page">
        {configFailed
          ? <p className="form-error" role="alert">{t('configFailed')} <button type="button" onClick={loadConfig}>{t('retry')}</button></p>
          : <p className="muted">{t('loading')}</p>}
      </main>
    );
  }
  return <Console config={config} />;
}

function Console({ config }: { config: ConsoleConfig }) {
  const { lang } = useLang();
  const route = useRoute();
  const [session, setSession] = useState<Session | null>(loadSession);
  const [notice, setNotice] = useState<TextKey>();
  const { catalogue } = useCatalogue(session?.token);
  const langRef = useRef(lang);
  langRef.current = lang;
  const tokenRef = useRef(session?.token ?? '');
  tokenRef.current = session?.token ?? '';

  const signIn = (next: Session) => {
    saveSession(next);
    setSession(next);
    setNotice(undefined);
    navigate(homeOf(next.identity));
  };
  const signOut = useCallback((why?: TextKey) => {
    forgetBoard();
    saveSession(null);
    setSession(null);
    setNotice(why);
    navigate(hrefOf.signIn);
  }, []);

  // a token the hub no longer accepts (expired, another secret): back to sign-in, saying why
  useEffect(() => {
    onUnauthenticated(() => signOut('sessionEnded'));
    return () => onUnauthenticated(undefined);
  }, [signOut]);

  // not signed in: only the sign-in page; signed in: no sign-in page, and "#/" is the role's home
  useEffect(() => {
    if (!session && route.page !== 'sign-in') navigate(hrefOf.signIn);
    if (session && (route.page === 'sign-in' || route.page === 'home')) navigate(homeOf(session.identity));
  }, [session, route.page]);

  const signer = useMemo(() => createSigner(config.demo, () => tokenRef.current, () => langRef.current), [config.demo]);
  const organisation = session?.identity.bin ? catalogue.agencyName(session.identity.bin, lang) : undefined;
  const context: AppContextValue | null = session ? { config, session, catalogue, signer } : null;

  return (
    <>
      <Header session={session} route={route} organisation={organisation ?? identityName(session?.identity, lang)} onSignOut={() => signOut()} />
      {!context ? (
        <SignInPage config={config} notice={notice} onSignedIn={signIn} />
      ) : (
        <AppContext.Provider value={context}>
          {/* keyed by the token so that a new sign-in starts every page (and its subscriptions) afresh */}
          <Page key={session!.token} route={route} identity={session!.identity} />
        </AppContext.Provider>
      )}
    </>
  );
}

function Page({ route, identity }: { route: Route; identity: Identity }) {
  const { t } = useLang();
  if (route.page === 'sign-in' || route.page === 'home') return null;
  const allowed = (PAGES_OF[identity.role] ?? []).includes(route.page)
    // the workstation is for a provider without a system of its own (data-entry rules p.5, p.9)
    && (route.page !== 'workstation' || identity.workstation === true);
  if (!allowed) return <NoAccess text={t('noAccess')} />;
  switch (route.page) {
    case 'board': return <BoardPage />;
    case 'application': return <ApplicationPage key={route.id} id={route.id} />;
    case 'workstation': return <WorkstationPage />;
    case 'reports': return <ReportsPage />;
    case 'operator': return <OperatorPage />;
    case 'cabinet': return <CabinetPage />;
    case 'admin': return <AdminPage />;
    case 'provider': return <ProviderPage />;
  }
}

function NoAccess({ text }: { text: string }) {
  return <main className="page"><p className="notice" data-testid="no-access">{text}</p></main>;
}
