import type { Localized, OutcomeName, StageName } from '../api/types';
import { useLang } from '../lang';
import { stageLabel } from '../stages';

/**
 * A stage by its label in the current language: the API's stageLabel when given, else the shared
 * values. A closed request with its outcome says only "Closed: issued" (not the generic "Closed
 * (issued or refused)" beside a separate "Issued").
 */
export function StageBadge({ stage, label, outcome }: { stage: StageName; label?: Localized; outcome?: OutcomeName | null }) {
  const { t, lang, pick } = useLang();
  const closedWith = stage === 'CLOSED' && outcome ? outcome : undefined;
  return (
    <span className={`badge stage stage-${stage.toLowerCase()}${closedWith ? ` outcome-${closedWith.toLowerCase()}` : ''}`} data-stage={stage} data-outcome={closedWith}>
      {closedWith ? t(`closed_${closedWith}`) : label ? pick(label) : stageLabel(lang, stage)}
    </span>
  );
}
