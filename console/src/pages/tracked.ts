import type { ApplicationView } from '../api/types';

/** An application as the operator and the citizen follow it (api/queries.ts TRACKED). */
export interface TrackedApplication extends Pick<ApplicationView,
  'id' | 'number' | 'providerBin' | 'acceptedAt' | 'plannedDate' | 'executionDate' | 'currentStage' | 'outcome' | 'refusalReason' | 'overdue' | 'timeline'> {
  channel: string;
  recipient: { surname: string; name: string; patronymic?: string | null; iinOrBin: string };
  service: { code: string; nameKk: string; nameRu: string; nameEn?: string };
  result?: { outcome: string; refusalReason?: string | null; decidedAt: string; document?: { fileName: string; sizeBytes: number } | null } | null;
}
