import type { SubmitPhase } from '../stage-report';
import { useLang } from '../lang';

/** Where a signed submission is: signing (NCALayer may be asking for the PIN), sending, or done and by whom. */
export function SignStatus({ phase, signerName, message }: { phase?: SubmitPhase | 'done'; signerName?: string; message?: string }) {
  const { t } = useLang();
  if (!phase) return null;
  return (
    <div className="sign-status" data-testid="signing-status" data-phase={phase} role="status" aria-live="polite">
      {phase === 'signing' && <span className="spinner-text">{t('signing')}</span>}
      {phase === 'sending' && <span className="spinner-text">{t('sending')}</span>}
      {phase === 'done' && (
        <>
          {message && <span className="success" data-testid="success-message">{message}</span>}
          {signerName && <span className="signed-by" data-testid="signed-by">{t('signedByCert', { name: signerName })}</span>}
        </>
      )}
    </div>
  );
}
