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
import { homeOf, hrefOf, navigate, Route, useRoute } from './router';
import { identityName, loadSession, saveSession, Session } from './session';
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
    navigate(homeOf(next.identity.role));
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
    if (session && (route.page === 'sign-in' || route.page === 'home')) navigate(homeOf(session.identity.role));
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
          <Page key={session!.token} route={route} role={session!.identity.role} />
        </AppContext.Provider>
      )}
    </>
  );
}

function Page({ route, role }: { route: Route; role: string }) {
  const { t } = useLang();
  switch (route.page) {
    case 'board': return <BoardPage />;
    case 'application': return <ApplicationPage key={route.id} id={route.id} />;
    case 'workstation': return role === 'provider' ? <WorkstationPage /> : <NoAccess text={t('noAccess')} />;
    case 'reports': return role === 'analyst' || role === 'admin' ? <ReportsPage /> : <NoAccess text={t('noAccess')} />;
    default: return null;
  }
}

function NoAccess({ text }: { text: string }) {
  return <main className="page"><p className="notice" data-testid="no-access">{text}</p></main>;
}
