import type { LiveState } from '../live-feed';
import { useLang } from '../lang';

export function LiveStatus({ state }: { state: LiveState }) {
  const { t } = useLang();
  return (
    <span className={`live-status live-${state}`} data-testid="live-status" data-state={state} role="status" aria-live="polite">
      <span className="live-dot" aria-hidden="true" />
      {t(`live_${state}`)}
    </span>
  );
}
