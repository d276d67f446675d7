import { ApplicationRow } from './application.entity';
import { SurveyAnswerRow } from './survey-answer.entity';
import { isUniqueViolation } from '../../platform/db';
import { ErrorCode, hubError } from '../../platform/errors';
import { Identity, requireRole } from '../../platform/identity';
import { isUuid } from '../../platform/ids';
import { Stage } from '../statuses/api';
import { ApplicationsDeps } from './applications.deps';
import { QuestionTally, Satisfaction, ServiceSurveyResult, SurveyInput } from './survey.type';

/** After closure the recipient answers the survey once (model e-service regulation p.15, annex 4). */
export async function answerSurvey(deps: ApplicationsDeps, identity: Identity | undefined, input: SurveyInput, now = new Date()): Promise<SurveyAnswerRow> {
  const who = requireRole(identity, 'citizen');
  const app = isUuid(input.applicationId) ? await deps.dataSource.manager.findOneBy(ApplicationRow, { id: input.applicationId }) : null;
  if (!app) throw hubError(ErrorCode.NotFound, `No application ${input.applicationId}`, 'input.applicationId');
  if (app.recipientIin !== who.iin) throw hubError(ErrorCode.Forbidden, 'Only the recipient answers the survey about their application', 'input.applicationId');
  if (app.currentStage !== Stage.CLOSED) throw hubError(ErrorCode.SurveyNotOpen, 'The survey opens when the application is closed', 'input.applicationId');
  for (const key of ['processAndResult', 'information'] as const) {
    if (!Satisfaction[input[key]]) throw hubError(ErrorCode.InvalidArgument, `input.${key} must be on the 1-3 scale`, `input.${key}`);
  }
  const row: SurveyAnswerRow = { applicationId: app.id, serviceCode: app.serviceCode, recipientIin: app.recipientIin, processAndResult: input.processAndResult, information: input.information, answeredAt: now };
  try {
    await deps.dataSource.manager.insert(SurveyAnswerRow, row);
  } catch (error) {
    if (isUniqueViolation(error)) throw hubError(ErrorCode.SurveyAlreadyAnswered, 'The survey about this application is already answered', 'input.applicationId');
    throw error;
  }
  return row;
}

/** The survey per service, for analysts and admins. */
export async function surveyResults(deps: ApplicationsDeps, identity: Identity | undefined, serviceCode?: string): Promise<ServiceSurveyResult[]> {
  requireRole(identity, 'analyst', 'admin');
  const q = deps.dataSource.manager.createQueryBuilder(SurveyAnswerRow, 's')
    .select('s.service_code', 'serviceCode').addSelect('count(*)::int', 'answers')
    .groupBy('s.service_code').orderBy('s.service_code');
  for (const [column, alias] of [['process_and_result', 'p'], ['information', 'i']]) {
    for (const level of [1, 2, 3]) q.addSelect(`count(*) FILTER (WHERE s.${column} = ${level})::int`, `${alias}${level}`);
    q.addSelect(`avg(s.${column})::float`, `${alias}avg`);
  }
  if (serviceCode) q.where('s.service_code = :serviceCode', { serviceCode });
  const rows = await q.getRawMany();
  const tally = (r: Record<string, number>, a: string): QuestionTally => ({ notSatisfied: r[`${a}1`], partlySatisfied: r[`${a}2`], satisfied: r[`${a}3`], average: r[`${a}avg`] === null ? null : Math.round(r[`${a}avg`] * 100) / 100 });
  return rows.map((r) => ({ serviceCode: r.serviceCode, answers: r.answers, processAndResult: tally(r, 'p'), information: tally(r, 'i') }));
}
