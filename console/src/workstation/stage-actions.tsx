import { useEffect, useState } from 'react';
import { ApiError } from '../api/errors';
import type { ApplicationView, OutcomeName, StageName } from '../api/types';
import { useApp } from '../app-context';
import { Field, FormError, inputProps } from '../components/field';
import { astanaInputValue, inputToIso } from '../format';
import { useMessageId } from '../use-message-id';
import { useLang } from '../lang';
import { outgoingReport, submitStageReport, SubmitPhase, validateReport } from '../stage-report';
import { atOrAfter, nextStage, stageLabel } from '../stages';
import { useFieldErrors } from '../use-field-errors';
import { SignStatus } from './sign-status';

const FIELDS = ['occurredAt', 'executor', 'executionDate', 'refusalReason'] as const;
type FieldName = (typeof FIELDS)[number];
type Action = 'advance' | 'issued' | 'refused';

const defaults = (): Record<FieldName, string> => ({ occurredAt: astanaInputValue(), executor: '', executionDate: astanaInputValue(), refusalReason: '' });

/** The next stage of an open request, or closing it with a refusal at any stage. */
export function StageActions({ app, onRecorded }: { app: ApplicationView; onRecorded(): void }) {
  const { t, lang } = useLang();
  const { session, signer } = useApp();
  const [values, setValues] = useState(defaults);
  const [phase, setPhase] = useState<SubmitPhase | 'done'>();
  const [signerName, setSignerName] = useState<string>();
  const [message, setMessage] = useState<string>();
  // after a stage is recorded and until the request is fetched again, the buttons would act on the old stage
  const [stale, setStale] = useState(false);
  const messageId = useMessageId();
  const errors = useFieldErrors(FIELDS);
  const { reset } = errors;

  // another request, or this one moved on: start from fresh defaults ("now"). Adjusted while
  // rendering, not in an effect: an effect runs after the new stage is on screen, and would wipe
  // what the user typed in between (an executor typed right away was lost so, now and then).
  const position = `${app.id}:${app.currentStage}`;
  const [shownFor, setShownFor] = useState(position);
  if (shownFor !== position) {
    setShownFor(position);
    setValues(defaults());
    setStale(false);
    reset();
  }
  useEffect(() => {
    if (!stale) return;
    const timer = setTimeout(() => setStale(false), 5_000);
    return () => clearTimeout(timer);
  }, [stale]);
  useEffect(() => {
    setPhase(undefined);
    setMessage(undefined);
  }, [app.id]);

  const next = nextStage(app.currentStage);
  if (app.currentStage === 'CLOSED' || !next) {
    return (
      <>
        <p className="notice closed-note" data-testid="closed-note" data-outcome={app.outcome ?? ''}>
          {t('closedNote', { outcome: app.outcome ? t(`outcome_${app.outcome}`) : '—' })}
          {app.refusalReason && <> {t('fRefusalReason')}: {app.refusalReason}</>}
        </p>
        {/* the closing report just signed here: who signed it */}
        <SignStatus phase={phase} signerName={signerName} message={message} />
      </>
    );
  }
  const showExecutor = atOrAfter(next, 'ACCEPTED_INTO_WORK') && !app.executor;
  const showExecutionDate = atOrAfter(next, 'EXECUTED') && !app.executionDate;
  const busy = phase === 'signing' || phase === 'sending' || stale;

  const set = (name: FieldName, value: string) => {
    setValues((v) => ({ ...v, [name]: value }));
    errors.clear(name);
  };

  const run = async (action: Action) => {
    if (busy) return;
    const refused = action === 'refused';
    const stage: StageName = action === 'advance' ? next : 'CLOSED';
    const outcome: OutcomeName | undefined = action === 'issued' ? 'ISSUED' : refused ? 'REFUSED' : undefined;
    const wire = outgoingReport({
      providerBin: session.identity.bin ?? app.providerBin,
      applicationNumber: app.number,
      stage,
      occurredAt: values.occurredAt ? inputToIso(values.occurredAt) : '',
      executor: showExecutor ? values.executor : undefined,
      executionDate: showExecutionDate && !refused && values.executionDate ? inputToIso(values.executionDate) : undefined,
      outcome,
      refusalReason: refused ? values.refusalReason : undefined,
    }, messageId);
    errors.reset();
    setMessage(undefined);
    setSignerName(undefined);
    try {
      validateReport(wire, { registration: false });
      // what the hub requires from these stages on (rules p.7), checked before asking for a signature
      if (!refused && atOrAfter(stage, 'ACCEPTED_INTO_WORK') && !app.executor && !wire.executor) throw required('executor');
      if (!refused && atOrAfter(stage, 'EXECUTED') && !app.executionDate && !wire.executionDate) throw required('executionDate');
      const result = await submitStageReport(wire, { token: session.token, signer, registration: false, onPhase: setPhase });
      setPhase('done');
      messageId.settled();
      setStale(!result.receipt.duplicate);
      setSignerName(result.signer?.name);
      setMessage(result.receipt.duplicate ? t('duplicate') : t('recorded', { stage: stageLabel(lang, stage) }));
      onRecorded();
    } catch (error) {
      setPhase(undefined);
      errors.show(error);
    }
  };

  const input = (name: FieldName, extra: Record<string, unknown> = {}) => ({ ...inputProps('stage', name, values[name], set, errors.errors[name]), ...extra });

  return (
    <section className="stage-actions" aria-labelledby="next-step-title">
      <h3 id="next-step-title">{t('nextStepTitle')}</h3>
      <div className="form-grid">
        <Field inputId="stage-occurredAt" name="occurredAt" label={t('stageOccurredAt')} problem={errors.errors.occurredAt}>
          <input {...input('occurredAt', { type: 'datetime-local' })} />
        </Field>
        {showExecutor && (
          <Field inputId="stage-executor" name="executor" label={t('fExecutor')} problem={errors.errors.executor}>
            <input {...input('executor')} />
          </Field>
        )}
        {showExecutionDate && (
          <Field inputId="stage-executionDate" name="executionDate" label={t('fExecutionDate')} problem={errors.errors.executionDate}>
            <input {...input('executionDate', { type: 'datetime-local' })} />
          </Field>
        )}
      </div>
      <div className="form-actions">
        {next !== 'CLOSED' ? (
          <button type="button" className="primary" data-testid="advance-stage" data-next-stage={next} disabled={busy} onClick={() => run('advance')}>
            {t(`action_${next as Exclude<StageName, "ACCEPTED" | "CLOSED">}`)}
          </button>
        ) : (
          <button type="button" className="primary" data-testid="close-issued" disabled={busy} onClick={() => run('issued')}>
            {t('closeIssued')}
          </button>
        )}
      </div>
      <div className="refusal">
        <h4>{t('refuseTitle')}</h4>
        <Field inputId="stage-refusalReason" name="refusalReason" label={t('fRefusalReason')} problem={errors.errors.refusalReason} wide>
          <textarea {...input('refusalReason', { rows: 2 })} />
        </Field>
        <button type="button" className="danger" data-testid="close-refused" disabled={busy} onClick={() => run('refused')}>
          {t('closeRefused')}
        </button>
      </div>
      <FormError problem={errors.formError} />
      <SignStatus phase={phase} signerName={signerName} message={message} />
    </section>
  );
}

function required(field: 'executor' | 'executionDate'): ApiError {
  return new ApiError([{ code: 'FIELD_REQUIRED', field: `input.${field}`, message: `input.${field} is required` }]);
}
