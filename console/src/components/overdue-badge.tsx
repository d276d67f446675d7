import type { OverdueState } from '../api/types';
import { useLang } from '../lang';

/** Red "overdue N days" mark; nothing when on time. */
export function OverdueBadge({ overdue, testId }: { overdue: OverdueState; testId?: string }) {
  const { t } = useLang();
  if (!overdue.isOverdue) return null;
  return (
    <span className="badge badge-overdue" data-testid={testId} data-days={overdue.days} title={t('overdue')}>
      {t('overdueDays', { count: overdue.days })}
    </span>
  );
}
