import { ApplicationRow } from '../applications/api';
import { StageRecordRow } from './stage-record.entity';

/**
 * A stage record with its request's service and, when already loaded (and checked as visible to
 * the caller), the request itself, so that selecting the application costs no further query.
 */
export type StageRecordView = StageRecordRow & { serviceCode: string; app?: ApplicationRow };

export const viewOf = (record: StageRecordRow, source: ApplicationRow | { serviceCode: string }): StageRecordView =>
  Object.assign(record, { serviceCode: source.serviceCode, app: source instanceof ApplicationRow ? source : undefined });
