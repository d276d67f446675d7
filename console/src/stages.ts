import { Stage, STAGE_LABELS } from '../../subgraphs/statuses/stage.values';
import type { Lang } from './i18n';
import type { StageName } from './api/types';

export const STAGE_ORDER: StageName[] = ['ACCEPTED', 'SENT_FOR_EXECUTION', 'ACCEPTED_INTO_WORK', 'EXECUTED', 'AWAITING_ISSUANCE', 'CLOSED'];

/** The label as the rules word it, from the shared values (the API sends the same as stageLabel). */
export function stageLabel(lang: Lang, name: StageName): string {
  return STAGE_LABELS[Stage[name]]?.[lang] ?? name;
}

/** The stage after `name` in the regular order, or undefined after CLOSED. */
export function nextStage(name: StageName): StageName | undefined {
  const i = STAGE_ORDER.indexOf(name);
  return i >= 0 && i < STAGE_ORDER.length - 1 ? STAGE_ORDER[i + 1] : undefined;
}

/** a is at or after b in the stage order */
export function atOrAfter(a: StageName, b: StageName): boolean {
  return STAGE_ORDER.indexOf(a) >= STAGE_ORDER.indexOf(b);
}
