import { FormEvent, useEffect, useState } from 'react';
import { isValidIinBin } from '../../../platform/iin';
import { ApiError, type Problem } from '../api/errors';
import { gql } from '../api/http';
import { EXCHANGE_MESSAGES, ISSUE_RESULT, PREFILL, SUBMIT_APPLICATION, TRACK_APPLICATION } from '../api/queries';
import { nodesOf } from '../api/connection';
import { useApp } from '../app-context';
import { Field, FormError, inputProps } from '../components/field';
import { StageBadge } from '../components/stage-badge';
import { Timeline } from '../components/timeline';
import { fileUpload, FileUpload } from '../files';
import { astanaInputValue, inputToIso, serviceName, showTime } from '../format';
import { newMessageId } from '../ids';
import { useLang } from '../lang';
import { compact } from '../stage-report';
import { useFieldErrors } from '../use-field-errors';
import type { TrackedApplication } from './tracked';

/** Why the operator looks the citizen's data up: what the citizen's cabinet shows them (ЦОН exchange rules p.11.3). */
const PURPOSE = 'Оказание государственной услуги по заявлению';

interface LookupResult { documentType: string; document?: { id: string; source: { code: string; name: string }; fetchedAt: string } | null; error?: { code: string; message: string } | null }
interface Draft {
  service: { code: string; requiredDocuments: string[]; paid: boolean; fee?: number | null };
  recipient: { iinOrBin: string; kind: string; surname?: string | null; name?: string | null; patronymic?: string | null; organisationName?: string | null; address?: string | null };
  documents: LookupResult[];
  attachments: { documentType: string; documentId: string }[];
  missingDocuments: string[];
}

const FIELDS = ['iinOrBin', 'serviceCode', 'surname', 'name', 'patronymic', 'placeOfAcceptance', 'scan', 'paymentId', 'amount', 'paidAt', 'attachments'] as const;
type FieldName = (typeof FIELDS)[number];

/**
 * The operator's desk (ЦОН exchange rules p.6-8): find the citizen, prefill from the registers,
 * attach documents, record consent and payment, sign and submit; then watch the request and hand
 * the issued result over.
 */
export function OperatorPage() {
  const { t } = useLang();
  const [tracked, setTracked] = useState<string>();
  return (
    <main className="page operator">
      <h1 className="page-title">{t('operatorTitle')}</h1>
      <div className="operator-grid">
        <ApplicationDesk onSubmitted={setTracked} />
        {tracked && <Tracker key={tracked} id={tracked} />}
      </div>
    </main>
  );
}

function ApplicationDesk({ onSubmitted }: { onSubmitted(id: string): void }) {
  const { t, lang, errorText } = useLang();
  const { session, catalogue, signer } = useApp();
  const [values, setValues] = useState<Record<FieldName, string>>({ iinOrBin: '', serviceCode: '', surname: '', name: '', patronymic: '', placeOfAcceptance: '', scan: '', paymentId: '', amount: '', paidAt: astanaInputValue(), attachments: '' });
  const [draft, setDraft] = useState<Draft>();
  const [attachFromRegister, setAttachFromRegister] = useState<Record<string, boolean>>({});
  const [uploads, setUploads] = useState<Record<string, FileUpload>>({});
  const [consentKind, setConsentKind] = useState<'SIGNED' | 'WRITTEN'>('SIGNED');
  const [consentScan, setConsentScan] = useState<FileUpload>();
  const [busy, setBusy] = useState<'prefill' | 'submit'>();
  const [done, setDone] = useState<string>();
  const [messageId, setMessageId] = useState(newMessageId);
  const errors = useFieldErrors(FIELDS);
  const service = catalogue.serviceByCode(values.serviceCode);
  const set = (name: FieldName, value: string) => {
    setValues((v) => ({ ...v, [name]: value }));
    errors.clear(name);
  };
  const input = (name: FieldName, extra: Record<string, unknown> = {}) => ({ ...inputProps('op', name, values[name], set, errors.errors[name]), ...extra });

  const prefill = async (event: FormEvent) => {
    event.preventDefault();
    const problems: Problem[] = [];
    if (!isValidIinBin(values.iinOrBin)) problems.push({ code: values.iinOrBin ? 'INVALID_IIN_BIN' : 'FIELD_REQUIRED', field: 'iinOrBin', message: values.iinOrBin });
    if (!values.serviceCode) problems.push({ code: 'FIELD_REQUIRED', field: 'serviceCode', message: 'serviceCode' });
    if (problems.length) return errors.show(new ApiError(problems));
    errors.reset();
    setBusy('prefill');
    setDraft(undefined);
    setDone(undefined);
    try {
      const givenAt = new Date().toISOString();
      // the citizen consents to the lookup with their own key (NCALayer asks for it; the demo stand has it)
      const consent = await signer.sign({ kind: 'DATA_CONSENT', subjectIinBin: values.iinOrBin, requesterBin: session.identity.bin ?? '', purpose: PURPOSE, givenAt }, { role: 'citizen', iin: values.iinOrBin });
      const payload = { requestedAt: new Date().toISOString(), serviceCode: values.serviceCode, recipientIinBin: values.iinOrBin, purpose: PURPOSE, consent: { givenAt, signature: consent.signature } };
      const signed = await signer.sign(payload);
      const data = await gql<{ prefillApplication: Draft }>(session.token, PREFILL, { input: { ...payload, signature: signed.signature } });
      const d = data.prefillApplication;
      setDraft(d);
      setAttachFromRegister(Object.fromEntries(d.attachments.map((a) => [a.documentType, true])));
      setValues((v) => ({ ...v, surname: d.recipient.surname ?? d.recipient.organisationName ?? v.surname, name: d.recipient.name ?? v.name, patronymic: d.recipient.patronymic ?? '', amount: d.service.paid && d.service.fee ? String(d.service.fee) : '' }));
    } catch (error) {
      errors.show(error);
    } finally {
      setBusy(undefined);
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!draft) return;
    const problems: Problem[] = [];
    const need = (name: FieldName, ok: boolean) => { if (!ok) problems.push({ code: 'FIELD_REQUIRED', field: name, message: name }); };
    need('surname', !!values.surname.trim());
    need('name', !!values.name.trim());
    need('placeOfAcceptance', !!values.placeOfAcceptance.trim());
    if (consentKind === 'WRITTEN') need('scan', !!consentScan);
    if (draft.service.paid) {
      need('paymentId', !!values.paymentId.trim());
      need('amount', !!values.amount.trim());
      need('paidAt', !!values.paidAt);
    }
    const attachments = draft.service.requiredDocuments.flatMap((type): { documentType: string; documentId?: string; file?: FileUpload }[] => {
      const fromRegister = draft.attachments.find((a) => a.documentType === type);
      if (fromRegister && attachFromRegister[type]) return [{ documentType: type, documentId: fromRegister.documentId }];
      return uploads[type] ? [{ documentType: type, file: uploads[type] }] : [];
    });
    // every problem at once, before anything is signed
    if (problems.length) return errors.show(new ApiError(problems));
    errors.reset();
    setBusy('submit');
    try {
      const givenAt = new Date().toISOString();
      const consent = consentKind === 'WRITTEN'
        ? { kind: 'WRITTEN', givenAt, scan: consentScan }
        : { kind: 'SIGNED', givenAt, signature: (await signer.sign({ kind: 'CONSENT', recipientIin: values.iinOrBin, serviceCode: values.serviceCode, givenAt }, { role: 'citizen', iin: values.iinOrBin })).signature };
      const payload = compact({
        messageId,
        serviceCode: values.serviceCode,
        recipient: { surname: values.surname, name: values.name, patronymic: values.patronymic, iinOrBin: values.iinOrBin },
        placeOfAcceptance: values.placeOfAcceptance,
        consent,
        payment: draft.service.paid ? { paymentId: values.paymentId, amount: Number(values.amount), paidAt: inputToIso(values.paidAt) } : undefined,
      }) as Record<string, unknown>;
      payload.attachments = attachments;
      const signed = await signer.sign(payload);
      const data = await gql<{ submitApplication: { application: { id: string; number: string } } }>(session.token, SUBMIT_APPLICATION, { input: { ...payload, signature: signed.signature } });
      setDone(t('submitted', { number: data.submitApplication.application.number }));
      setMessageId(newMessageId());
      onSubmitted(data.submitApplication.application.id);
    } catch (error) {
      errors.show(error);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <div className="stack">
      <form className="card" data-testid="find-citizen" onSubmit={prefill} noValidate aria-labelledby="find-title">
        <h2 id="find-title">{t('findCitizenTitle')}</h2>
        <div className="form-grid">
          <Field inputId="op-iinOrBin" name="iinOrBin" label={t('fIinOrBin')} problem={errors.errors.iinOrBin}>
            <input {...input('iinOrBin', { inputMode: 'numeric', maxLength: 12, autoComplete: 'off' })} />
          </Field>
          <Field inputId="op-serviceCode" name="serviceCode" label={t('fServiceCode')} problem={errors.errors.serviceCode}>
            <select {...input('serviceCode')}>
              <option value="">{t('choose')}</option>
              {catalogue.services.filter((s) => s.active !== false).map((s) => <option key={s.code} value={s.code}>{serviceName(lang, s)} ({s.code})</option>)}
            </select>
          </Field>
        </div>
        <p className="hint">{t('prefillHint')}</p>
        <div className="form-actions">
          <button type="submit" className="primary" data-testid="prefill-submit" disabled={!!busy}>{busy === 'prefill' ? t('signing') : t('prefillSubmit')}</button>
        </div>
        {!draft && <FormError problem={errors.formError} />}
      </form>

      {draft && (
        <form className="card" data-testid="application-form" onSubmit={submit} noValidate aria-labelledby="draft-title">
          <h2 id="draft-title">{t('draftTitle', { service: service ? serviceName(lang, service) : values.serviceCode })}</h2>
          <h3>{t('registersTitle')}</h3>
          <ul className="source-list" data-testid="prefill-documents">
            {draft.documents.map((d) => (
              <li key={d.documentType} data-testid="prefill-doc" data-type={d.documentType} data-code={d.error?.code ?? ''} className={d.error ? 'source-error' : 'source-ok'}>
                <strong>{documentTypeName(d.documentType, lang)}</strong>{' '}
                {d.document
                  ? <span>{t('fromSource', { source: d.document.source.name })} · <time dateTime={d.document.fetchedAt}>{showTime(d.document.fetchedAt, lang)}</time></span>
                  : <span className="field-error">{d.error ? errorText(d.error.code, d.error.message) : '—'}</span>}
              </li>
            ))}
          </ul>
          {draft.recipient.address && <p className="muted" data-testid="prefill-address">{draft.recipient.address}</p>}

          <div className="form-grid">
            <Field inputId="op-surname" name="surname" label={t('fSurname')} problem={errors.errors.surname}><input {...input('surname')} /></Field>
            <Field inputId="op-name" name="name" label={t('fName')} problem={errors.errors.name}><input {...input('name')} /></Field>
            <Field inputId="op-patronymic" name="patronymic" label={t('fPatronymic')} problem={errors.errors.patronymic}><input {...input('patronymic')} /></Field>
            <Field inputId="op-placeOfAcceptance" name="placeOfAcceptance" label={t('fPlaceOfAcceptance')} problem={errors.errors.placeOfAcceptance}><input {...input('placeOfAcceptance')} /></Field>
          </div>

          <fieldset className="fieldset" data-testid="attachments">
            <legend>{t('attachmentsTitle')}</legend>
            {draft.service.requiredDocuments.map((type) => {
              const fromRegister = draft.attachments.some((a) => a.documentType === type);
              return (
                <div key={type} className="attachment-row" data-type={type}>
                  <span className="strong">{documentTypeName(type, lang)}</span>
                  {fromRegister && (
                    <label className="checkbox-field">
                      <input type="checkbox" data-testid={`attach-${type}`} checked={!!attachFromRegister[type]} onChange={(e) => setAttachFromRegister((a) => ({ ...a, [type]: e.target.checked }))} />
                      {t('attachFromRegister')}
                    </label>
                  )}
                  {(!fromRegister || !attachFromRegister[type]) && (
                    <label className="file-field">
                      {t('uploadScan')}
                      <input type="file" data-testid={`upload-${type}`} onChange={async (e) => {
                        const file = e.target.files?.[0];
                        if (file) {
                          const upload = await fileUpload(file);
                          setUploads((u) => ({ ...u, [type]: upload }));
                        }
                      }} />
                    </label>
                  )}
                </div>
              );
            })}
          </fieldset>

          <fieldset className="fieldset" data-testid="consent">
            <legend>{t('consentTitle')}</legend>
            <label className="checkbox-field"><input type="radio" name="consent-kind" data-testid="consent-signed" checked={consentKind === 'SIGNED'} onChange={() => setConsentKind('SIGNED')} />{t('consentSigned')}</label>
            <label className="checkbox-field"><input type="radio" name="consent-kind" data-testid="consent-written" checked={consentKind === 'WRITTEN'} onChange={() => setConsentKind('WRITTEN')} />{t('consentWritten')}</label>
            {consentKind === 'WRITTEN' && (
              <Field inputId="op-scan" name="scan" label={t('consentScan')} problem={errors.errors.scan}>
                <input id="op-scan" type="file" data-testid="consent-scan" onChange={async (e) => {
                  const file = e.target.files?.[0];
                  if (file) setConsentScan(await fileUpload(file));
                  errors.clear('scan');
                }} />
              </Field>
            )}
          </fieldset>

          {draft.service.paid && (
            <fieldset className="fieldset" data-testid="payment">
              <legend>{t('paymentTitle')}</legend>
              <div className="form-grid">
                <Field inputId="op-paymentId" name="paymentId" label={t('fPaymentId')} problem={errors.errors.paymentId}><input {...input('paymentId')} /></Field>
                <Field inputId="op-amount" name="amount" label={t('fAmount')} problem={errors.errors.amount}><input {...input('amount', { inputMode: 'decimal' })} /></Field>
                <Field inputId="op-paidAt" name="paidAt" label={t('fPaidAt')} problem={errors.errors.paidAt}><input {...input('paidAt', { type: 'datetime-local' })} /></Field>
              </div>
            </fieldset>
          )}

          <FormError problem={errors.formError} />
          <div className="form-actions">
            <button type="submit" className="primary" data-testid="submit-application" disabled={!!busy}>{busy === 'submit' ? t('signing') : t('submitApplication')}</button>
            {done && <span className="success" role="status" data-testid="submitted">{done}</span>}
          </div>
        </form>
      )}
    </div>
  );
}

/** The document types the registers answer for, by their code. */
const DOCUMENT_TYPE_NAMES: Record<string, { kk: string; ru: string; en: string }> = {
  INDIVIDUAL: { kk: 'Жеке тұлға (ЖСН)', ru: 'Физическое лицо (ИИН)', en: 'Person (IIN)' },
  LEGAL_ENTITY: { kk: 'Заңды тұлға (БСН)', ru: 'Юридическое лицо (БИН)', en: 'Legal entity (BIN)' },
  ADDRESS: { kk: 'Мекенжай', ru: 'Адрес', en: 'Address' },
  IDENTITY: { kk: 'Жеке куәлік', ru: 'Удостоверение личности', en: 'Identity document' },
  REAL_ESTATE_TITLE: { kk: 'Жылжымайтын мүлікке құқық', ru: 'Право на недвижимость', en: 'Real estate title' },
};

export function documentTypeName(code: string, lang: 'kk' | 'ru' | 'en'): string {
  return DOCUMENT_TYPE_NAMES[code]?.[lang] ?? code;
}

/** The submitted request as it moves: its stages, its result, and the hand-over of an issued result. */
interface Delivery { id: string; outcome: string; attempts: number; attemptLog: { attempt: number; startedAt: string; outcome: string; errorCode?: string | null }[] }

function Tracker({ id }: { id: string }) {
  const { t, lang, errorText } = useLang();
  const { session, signer } = useApp();
  const [app, setApp] = useState<TrackedApplication>();
  const [problem, setProblem] = useState<Problem>();
  const [busy, setBusy] = useState(false);
  const [tick, setTick] = useState(0);
  const [deliveries, setDeliveries] = useState<Delivery[]>([]);

  useEffect(() => {
    let live = true;
    gql<{ application: TrackedApplication | null }>(session.token, TRACK_APPLICATION, { id })
      .then((data) => live && data.application && setApp(data.application))
      .catch(() => undefined);
    gql<{ exchangeMessages: { nodes: Delivery[] } }>(session.token, EXCHANGE_MESSAGES, { filter: { applicationId: id, direction: 'OUT' }, first: 10 })
      .then((data) => live && setDeliveries(nodesOf(data.exchangeMessages)))
      .catch(() => undefined);
    // until it is closed the request moves on its own (the provider's system): look again every 1.5 s
    const timer = app?.currentStage === 'CLOSED' ? undefined : setTimeout(() => setTick((n) => n + 1), 1500);
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [id, tick, session.token]);

  const issue = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      const payload = { applicationId: id, messageId: newMessageId() };
      const signed = await signer.sign(payload);
      await gql(session.token, ISSUE_RESULT, { input: { ...payload, signature: signed.signature } });
      setTick((n) => n + 1);
    } catch (error) {
      setProblem(error instanceof ApiError ? error.problems[0] : { message: String(error) });
    } finally {
      setBusy(false);
    }
  };

  if (!app) return <section className="card"><p className="muted">{t('loading')}</p></section>;
  const canIssue = app.currentStage === 'AWAITING_ISSUANCE' && app.result?.outcome === 'ISSUED';
  return (
    <section className="card" data-testid="tracker" data-application-number={app.number} data-current-stage={app.currentStage} aria-labelledby="tracker-title">
      <div className="card-head">
        <h2 id="tracker-title">{t('applicationTitle', { number: app.number })}</h2>
        <StageBadge stage={app.currentStage} outcome={app.outcome} />
      </div>
      {app.result && (
        <p data-testid="result" data-outcome={app.result.outcome}>
          {t('resultLine', { outcome: t(app.result.outcome === 'ISSUED' ? 'outcome_ISSUED' : 'outcome_REFUSED'), at: showTime(app.result.decidedAt, lang) })}
          {app.result.document && <> · <span className="mono">{app.result.document.fileName}</span></>}
          {app.result.refusalReason && <> · {app.result.refusalReason}</>}
        </p>
      )}
      <div data-testid="delivery">
        <h3>{t('deliveryTitle')}</h3>
        {deliveries.length === 0 ? <p className="muted">{t('deliveryNone')}</p> : deliveries.map((m) => (
          <div key={m.id} data-testid="delivery-message" data-outcome={m.outcome}>
            <p>{t(`delivery_${m.outcome}` as 'delivery_DELIVERED', { defaultValue: m.outcome })} · {t('attemptCount', { count: m.attempts })}</p>
            <ul>
              {m.attemptLog.map((a) => (
                <li key={a.attempt} data-testid="delivery-attempt" data-code={a.errorCode ?? ''}>
                  {a.attempt}. <time dateTime={a.startedAt}>{showTime(a.startedAt, lang)}</time> · {a.errorCode ? errorText(a.errorCode, a.errorCode) : a.outcome}
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
      {canIssue && <button type="button" className="primary" data-testid="issue-result" disabled={busy} onClick={issue}>{t('issueResult')}</button>}
      <FormError problem={problem} />
      <Timeline entries={app.timeline} />
    </section>
  );
}
