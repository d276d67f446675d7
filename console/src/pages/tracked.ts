import type { OutcomeName, OverdueState, StageName, TimelineEntry } from '../api/types';

/** An application as the operator and the citizen follow it (api/queries.ts TRACKED). */
export interface TrackedApplication {
  id: string;
  number: string;
  providerBin: string;
  channel: string;
  recipient: { surname: string; name: string; patronymic?: string | null; iinOrBin: string };
  service: { code: string; nameKk: string; nameRu: string; nameEn?: string };
  acceptedAt: string;
  plannedDate: string;
  executionDate?: string | null;
  currentStage: StageName;
  outcome?: OutcomeName | null;
  refusalReason?: string | null;
  overdue: OverdueState;
  result?: { outcome: string; refusalReason?: string | null; decidedAt: string; document?: { fileName: string; sizeBytes: number } | null } | null;
  timeline: TimelineEntry[];
}
