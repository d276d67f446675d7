import { roleText } from '../i18n';
import { LANGS } from '../i18n';
import { useLang } from '../lang';
import { hrefOf, PAGES_OF, Route } from '../router';
import type { Session } from '../session';

/** each language by its own name, so that a reader finds theirs whatever the page is in */
const LANG_LABELS = { kk: 'Қаз', ru: 'Рус', en: 'Eng' } as const;
/** The pages in the menu, in this order, for whoever may open them (router.ts PAGES_OF). */
const MENU = [
  { page: 'operator', label: 'navOperator' },
  { page: 'cabinet', label: 'navCabinet' },
  { page: 'admin', label: 'navAdmin' },
  { page: 'workstation', label: 'navWorkstation' },
  { page: 'provider', label: 'navProvider' },
  { page: 'board', label: 'navBoard' },
  { page: 'reports', label: 'navReports' },
] as const;

/** The role and who is signed in, the role left out when the name already says it ("Единый контакт-центр"). */
export function whoText(role: string, name: string | undefined): string {
  if (!name) return role;
  return name.toLowerCase().includes(role.toLowerCase()) ? name : `${role} · ${name}`;
}

export function Header({ session, route, organisation, onSignOut }: { session: Session | null; route: Route; organisation?: string; onSignOut(): void }) {
  const { t, lang, setLang } = useLang();
  const role = session?.identity.role;
  const pages = role ? PAGES_OF[role] ?? [] : [];
  const links = MENU
    .filter((m) => pages.includes(m.page) && (m.page !== 'workstation' || session?.identity.workstation === true) && (m.page !== 'provider' || session?.identity.workstation !== true))
    .map((m) => ({ id: m.page, href: hrefOf[m.page], label: t(m.label), active: route.page === m.page || (m.page === 'board' && route.page === 'application') }));
  const who = session && whoText(roleText(lang, session.identity.role), organisation ?? session.identity.name ?? session.identity.bin ?? session.identity.iin);

  return (
    <header className="app-header">
      <div className="brand">
        <a href={session ? '#/' : hrefOf.signIn} className="brand-name">{t('appName')}</a>
        <span className="brand-tagline">{t('appTagline')}</span>
      </div>
      {links.length > 0 && (
        <nav aria-label={t('mainNav')} className="main-nav">
          {links.map((l) => (
            <a key={l.id} href={l.href} data-testid={`nav-${l.id}`} className={l.active ? 'active' : undefined} aria-current={l.active ? 'page' : undefined}>{l.label}</a>
          ))}
        </nav>
      )}
      <div className="header-tools">
        <div className="lang-switch" role="group" aria-label={t('language')}>
          {LANGS.map((l) => (
            <button key={l} type="button" data-testid={`lang-${l}`} aria-pressed={lang === l} className={lang === l ? 'active' : undefined} onClick={() => setLang(l)}>
              {LANG_LABELS[l]}
            </button>
          ))}
        </div>
        {session && (
          <>
            <span className="whoami" data-testid="whoami" data-role={session.identity.role}>{who}</span>
            <button type="button" className="sign-out" data-testid="sign-out" onClick={onSignOut}>{t('signOut')}</button>
          </>
        )}
      </div>
    </header>
  );
}
