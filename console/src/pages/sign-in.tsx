import { FormEvent, useEffect, useState } from 'react';
import { ConsoleConfig, DemoIdentity, demoToken, fetchDemoIdentities } from '../api/console-api';
import { problemsOf, type Problem } from '../api/errors';
import { FormError } from '../components/field';
import type { TextKey } from '../i18n';
import { roleText } from '../i18n';
import { useLang } from '../lang';
import { identityFromJwt, identityName, Session, TokenError } from '../session';

const identityValue = (i: DemoIdentity) => `${i.role}:${i.bin ?? ''}:${i.iin ?? ''}`;

export function SignInPage({ config, notice, onSignedIn }: { config: ConsoleConfig; notice?: TextKey; onSignedIn(session: Session): void }) {
  const { t } = useLang();
  return (
    <main className="page sign-in">
      <section className="card sign-in-card" aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">{t('signInTitle')}</h1>
        {notice && <p className="notice" role="alert" data-testid="sign-in-notice">{t(notice)}</p>}
        {config.demo && <DemoSignIn onSignedIn={onSignedIn} />}
        {config.demo && <p className="divider"><span>{t('orToken')}</span></p>}
        <TokenSignIn onSignedIn={onSignedIn} />
      </section>
    </main>
  );
}

function DemoSignIn({ onSignedIn }: { onSignedIn(session: Session): void }) {
  const { t, lang } = useLang();
  const [identities, setIdentities] = useState<DemoIdentity[]>([]);
  const [selected, setSelected] = useState('');
  const [problem, setProblem] = useState<Problem>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    fetchDemoIdentities()
      .then((list) => {
        setIdentities(list);
        setSelected((current) => current || (list[0] ? identityValue(list[0]) : ''));
      })
      .catch((error: unknown) => setProblem(problemsOf(error)[0]));
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const identity = identities.find((i) => identityValue(i) === selected);
    if (!identity) return;
    setBusy(true);
    setProblem(undefined);
    try {
      const answer = await demoToken(identity);
      onSignedIn({ token: answer.token, identity: { ...identity, ...answer.identity } });
    } catch (error) {
      setProblem(problemsOf(error)[0]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="stack" onSubmit={submit}>
      <p className="hint">{t('demoHint')}</p>
      <div className="field">
        <label htmlFor="identity-select">{t('demoIdentity')}</label>
        <select id="identity-select" data-testid="identity-select" value={selected} onChange={(e) => setSelected(e.target.value)}>
          {/* grouped by role so that an option is only the name, the АРМ mark first: a long name cut at the box's edge loses only its tail */}
          {[...new Set(identities.map((i) => i.role))].map((role) => (
            <optgroup key={role} label={roleText(lang, role)}>
              {identities.filter((i) => i.role === role).map((i) => (
                <option key={identityValue(i)} value={identityValue(i)}>
                  {i.workstation ? `[${t('workstationMark')}] ` : ''}{identityName(i, lang)}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      <FormError problem={problem} />
      <button type="submit" className="primary" data-testid="sign-in" disabled={busy || !selected}>{t('signIn')}</button>
    </form>
  );
}

function TokenSignIn({ onSignedIn }: { onSignedIn(session: Session): void }) {
  const { t } = useLang();
  const [text, setText] = useState('');
  const [error, setError] = useState<TextKey>();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    try {
      onSignedIn(identityFromJwt(text));
    } catch (e) {
      setError(e instanceof TokenError ? e.key : 'notAJwt');
    }
  };

  return (
    <form className="stack" onSubmit={submit}>
      <div className={`field${error ? ' invalid' : ''}`}>
        <label htmlFor="token-input">{t('tokenLabel')}</label>
        <textarea
          id="token-input"
          data-testid="token-input"
          rows={4}
          value={text}
          placeholder="eyJhbGciOi…"
          spellCheck={false}
          onChange={(e) => {
            setText(e.target.value);
            setError(undefined);
          }}
          {...(error ? { 'aria-invalid': true, 'aria-describedby': 'token-error' } : {})}
        />
        {error && <p className="field-error" id="token-error" data-testid="token-error" role="alert">{t(error)}</p>}
      </div>
      <button type="submit" data-testid="sign-in-token">{t('signInToken')}</button>
    </form>
  );
}
