import { ApplicationRow, StageRecordRow } from '../shared/entities';

/** A stage record with the request's service, which the StageRecord type exposes. */
export type StageRecordView = StageRecordRow & { serviceCode: string };

export const viewOf = (record: StageRecordRow, app: Pick<ApplicationRow, 'serviceCode'> | { serviceCode: string }): StageRecordView =>
  Object.assign(record, { serviceCode: app.serviceCode });
