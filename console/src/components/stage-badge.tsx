import type { Localized, StageName } from '../api/types';
import { useLang } from '../lang';
import { stageLabel } from '../stages';

/** A stage by its label in the current language: the API's stageLabel when given, else the shared values. */
export function StageBadge({ stage, label }: { stage: StageName; label?: Localized }) {
  const { lang, pick } = useLang();
  return (
    <span className={`badge stage stage-${stage.toLowerCase()}`} data-stage={stage}>
      {label ? pick(label) : stageLabel(lang, stage)}
    </span>
  );
}
