import { FormEvent, useEffect, useMemo, useState } from 'react';
import { useApp } from '../app-context';
import { Field, FormError, inputProps } from '../components/field';
import { astanaInputValue, inputToIso, serviceName } from '../format';
import { newApplicationNumber } from '../ids';
import { useMessageId } from '../use-message-id';
import { useLang } from '../lang';
import { outgoingReport, submitStageReport, SubmitPhase } from '../stage-report';
import { useFieldErrors } from '../use-field-errors';
import { SignStatus } from './sign-status';

const FIELDS = ['applicationNumber', 'surname', 'name', 'patronymic', 'iinOrBin', 'serviceCode', 'placeOfAcceptance', 'acceptedAt', 'executor', 'plannedDate'] as const;
type FieldName = (typeof FIELDS)[number];
type Values = Record<FieldName, string>;

// the first report's occurredAt is the acceptance time: its errors belong to that input
const ALIAS = { occurredAt: 'acceptedAt' };

function initialValues(serviceCode: string): Values {
  return {
    applicationNumber: newApplicationNumber(), surname: '', name: '', patronymic: '', iinOrBin: '',
    serviceCode, placeOfAcceptance: '', acceptedAt: astanaInputValue(), executor: '', plannedDate: '',
  };
}

/** Registers a request accepted at the provider's office: the first stage report, ACCEPTED. */
export function RegisterForm({ onRegistered }: { onRegistered(applicationId: string): void }) {
  const { t, lang } = useLang();
  const { session, catalogue, signer } = useApp();
  const bin = session.identity.bin ?? '';
  const services = useMemo(() => {
    const own = catalogue.services.filter((s) => s.agency.bin === bin);
    return own.length ? own : catalogue.services;
  }, [catalogue, bin]);
  const defaultService = services.find((s) => s.active !== false)?.code ?? '';
  const [values, setValues] = useState<Values>(() => initialValues(defaultService));
  const [phase, setPhase] = useState<SubmitPhase | 'done'>();
  const [signerName, setSignerName] = useState<string>();
  const [done, setDone] = useState<string>();
  const messageId = useMessageId();
  const errors = useFieldErrors(FIELDS, ALIAS);

  // the catalogue arrives after the form: preselect the provider's service then
  useEffect(() => {
    setValues((v) => (v.serviceCode || !defaultService ? v : { ...v, serviceCode: defaultService }));
  }, [defaultService]);

  const set = (name: FieldName, value: string) => {
    setValues((v) => ({ ...v, [name]: value }));
    errors.clear(name);
    setDone(undefined);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (phase === 'signing' || phase === 'sending') return;
    const acceptedAt = values.acceptedAt ? inputToIso(values.acceptedAt) : '';
    const wire = outgoingReport({
      providerBin: bin,
      applicationNumber: values.applicationNumber,
      stage: 'ACCEPTED',
      occurredAt: acceptedAt,
      recipient: { surname: values.surname, name: values.name, patronymic: values.patronymic, iinOrBin: values.iinOrBin },
      serviceCode: values.serviceCode,
      placeOfAcceptance: values.placeOfAcceptance,
      acceptedAt,
      executor: values.executor,
      plannedDate: values.plannedDate,
    }, messageId);
    errors.reset();
    setDone(undefined);
    setSignerName(undefined);
    try {
      const result = await submitStageReport(wire, { token: session.token, signer, registration: true, onPhase: setPhase });
      setPhase('done');
      messageId.settled();
      setSignerName(result.signer?.name);
      setDone(result.receipt.duplicate ? t('duplicate') : t('registered', { number: result.receipt.record.application.number }));
      setValues((v) => ({ ...initialValues(v.serviceCode), placeOfAcceptance: v.placeOfAcceptance }));
      onRegistered(result.receipt.record.application.id);
    } catch (error) {
      setPhase(undefined);
      errors.show(error);
    }
  };

  const input = (name: FieldName, extra: Record<string, unknown> = {}) => ({ ...inputProps('field', name, values[name], set, errors.errors[name]), ...extra });
  const busy = phase === 'signing' || phase === 'sending';

  return (
    <form className="card register-form" data-testid="register-form" onSubmit={submit} noValidate aria-labelledby="register-title">
      <h2 id="register-title">{t('registerTitle')}</h2>
      <div className="form-grid">
        <Field inputId="field-applicationNumber" name="applicationNumber" label={t('fApplicationNumber')} problem={errors.errors.applicationNumber}>
          <input {...input('applicationNumber')} autoComplete="off" />
        </Field>
        <Field inputId="field-iinOrBin" name="iinOrBin" label={t('fIinOrBin')} problem={errors.errors.iinOrBin}>
          <input {...input('iinOrBin', { inputMode: 'numeric', maxLength: 12, autoComplete: 'off' })} />
        </Field>
        <Field inputId="field-surname" name="surname" label={t('fSurname')} problem={errors.errors.surname}>
          <input {...input('surname')} />
        </Field>
        <Field inputId="field-name" name="name" label={t('fName')} problem={errors.errors.name}>
          <input {...input('name')} />
        </Field>
        <Field inputId="field-patronymic" name="patronymic" label={t('fPatronymic')} problem={errors.errors.patronymic}>
          <input {...input('patronymic')} />
        </Field>
        <Field inputId="field-serviceCode" name="serviceCode" label={t('fServiceCode')} problem={errors.errors.serviceCode}>
          <select {...input('serviceCode')}>
            <option value="">{t('choose')}</option>
            {services.map((s) => <option key={s.code} value={s.code}>{serviceName(lang, s)} ({s.code})</option>)}
          </select>
        </Field>
        <Field inputId="field-placeOfAcceptance" name="placeOfAcceptance" label={t('fPlaceOfAcceptance')} problem={errors.errors.placeOfAcceptance} wide>
          <input {...input('placeOfAcceptance')} />
        </Field>
        <Field inputId="field-acceptedAt" name="acceptedAt" label={t('fAcceptedAt')} problem={errors.errors.acceptedAt}>
          <input {...input('acceptedAt', { type: 'datetime-local' })} />
        </Field>
        <Field inputId="field-executor" name="executor" label={t('fExecutor')} optional problem={errors.errors.executor}>
          <input {...input('executor')} />
        </Field>
        <Field inputId="field-plannedDate" name="plannedDate" label={t('fDeclaredPlannedDate')} hint={t('plannedDateHint')} problem={errors.errors.plannedDate}>
          <input {...input('plannedDate', { type: 'date' })} />
        </Field>
      </div>
      <FormError problem={errors.formError} />
      <div className="form-actions">
        <button type="submit" className="primary" data-testid="register-submit" disabled={busy}>{t('registerSubmit')}</button>
        <SignStatus phase={phase} signerName={signerName} message={done} />
      </div>
    </form>
  );
}
