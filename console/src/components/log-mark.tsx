import type { LogEntryView } from '../api/types';
import { useLang } from '../lang';

/**
 * Where a record is in the hub's exchange log (issue 18): its leaf index, the leaf hash shortened
 * with the whole hash in its title, or "not yet in the log" for the seconds until the sequencer
 * takes it. Nothing when the page did not ask for it.
 */
export function LogMark({ entry }: { entry: LogEntryView | null | undefined }) {
  const { t } = useLang();
  if (entry === undefined) return null;
  if (entry === null) return <span className="log-mark log-pending" data-testid="log-entry" data-log-index="">{t('logPending')}</span>;
  return (
    <span className="log-mark" data-testid="log-entry" data-log-index={entry.index} data-leaf-hash={entry.leafHash}>
      {t('logIn', { index: entry.index })}{' · '}
      <span className="mono" title={t('logLeafHash', { hash: entry.leafHash })}>{shortHash(entry.leafHash)}</span>
    </span>
  );
}

/** The first and last characters of a hash: enough to compare by eye with a proof. */
export function shortHash(hash: string): string {
  return hash.length <= 16 ? hash : `${hash.slice(0, 8)}…${hash.slice(-4)}`;
}
