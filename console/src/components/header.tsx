import { roleText } from '../i18n';
import { LANGS } from '../i18n';
import { useLang } from '../lang';
import { hrefOf, Route } from '../router';
import type { Session } from '../session';

/** each language by its own name, so that a reader finds theirs whatever the page is in */
const LANG_LABELS = { kk: 'Қаз', ru: 'Рус', en: 'Eng' } as const;
const BOARD_ROLES = ['contact_centre', 'admin', 'analyst', 'operator'];
const REPORT_ROLES = ['analyst', 'admin'];

/** The role and who is signed in, the role left out when the name already says it ("Единый контакт-центр"). */
export function whoText(role: string, name: string | undefined): string {
  if (!name) return role;
  return name.toLowerCase().includes(role.toLowerCase()) ? name : `${role} · ${name}`;
}

export function Header({ session, route, organisation, onSignOut }: { session: Session | null; route: Route; organisation?: string; onSignOut(): void }) {
  const { t, lang, setLang } = useLang();
  const role = session?.identity.role;
  const links = role
    ? [
      BOARD_ROLES.includes(role) && { id: 'board', href: hrefOf.board, label: t('navBoard'), active: route.page === 'board' || route.page === 'application' },
      role === 'provider' && { id: 'workstation', href: hrefOf.workstation, label: t('navWorkstation'), active: route.page === 'workstation' },
      REPORT_ROLES.includes(role) && { id: 'reports', href: hrefOf.reports, label: t('navReports'), active: route.page === 'reports' },
    ].filter((l): l is { id: string; href: string; label: string; active: boolean } => !!l)
    : [];
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
