import { FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { nodesOf } from '../api/connection';
import { ApiError, problemsOf, type Problem } from '../api/errors';
import { gql } from '../api/http';
import { EXCHANGE_MESSAGES, INCIDENTS, RECORD_INCIDENT, REMOVE_INCIDENT, RETRY_DELIVERY, UPDATE_INCIDENT } from '../api/queries';
import { useApp } from '../app-context';
import { Field, FormError, inputProps } from '../components/field';
import { astanaInputValue, inputToIso, showTime } from '../format';
import { useLang } from '../lang';
import { useFieldErrors } from '../use-field-errors';

interface Incident {
  id: string; system: string; organisationBin?: string | null; sourceCode?: string | null; startedAt: string; endedAt?: string | null;
  description: string; removed: boolean; revision: number;
  revisions: { revision: number; action: string; at: string; bySubject: string; byRole: string; reason?: string | null }[];
}
interface Message {
  id: string; messageId: string; direction: string; counterpartBin: string; kind: string; applicationId?: string | null; attempts: number;
  createdAt: string; deliveredAt?: string | null; outcome: string; errorCode?: string | null;
  attemptLog: { attempt: number; startedAt: string; outcome: string; errorCode?: string | null; httpStatus?: number | null }[];
}

/** The hub's administration: incidents of the systems (which make a violation technical), dead letters, the exchange journal. */
export function AdminPage() {
  const { t } = useLang();
  return (
    <main className="page admin">
      <h1 className="page-title">{t('adminTitle')}</h1>
      <Incidents />
      <DeadLetters />
      <Journal />
    </main>
  );
}

const SYSTEMS = ['PROVIDER_SYSTEM', 'DOCUMENT_SOURCE', 'HUB'] as const;
const INCIDENT_FIELDS = ['system', 'organisationBin', 'sourceCode', 'startedAt', 'endedAt', 'description', 'reason'] as const;
type IncidentField = (typeof INCIDENT_FIELDS)[number];
const EMPTY_INCIDENT: Record<IncidentField, string> = { system: 'PROVIDER_SYSTEM', organisationBin: '', sourceCode: '', startedAt: '', endedAt: '', description: '', reason: '' };

function Incidents() {
  const { t, lang } = useLang();
  const { session, catalogue } = useApp();
  const [list, setList] = useState<Incident[]>([]);
  const [values, setValues] = useState(EMPTY_INCIDENT);
  const [editing, setEditing] = useState<Incident>();
  const [removing, setRemoving] = useState<{ id: string; reason: string }>();
  const [message, setMessage] = useState<string>();
  const errors = useFieldErrors(INCIDENT_FIELDS);
  const load = useCallback(() => {
    gql<{ incidents: { nodes: Incident[] } }>(session.token, INCIDENTS, { includeRemoved: true, first: 100 }).then((d) => setList(nodesOf(d.incidents)), errors.show);
  }, [session.token]);
  useEffect(load, [load]);
  const set = (name: IncidentField, value: string) => {
    setValues((v) => ({ ...v, [name]: value }));
    errors.clear(name);
  };
  const input = (name: IncidentField, extra: Record<string, unknown> = {}) => ({ ...inputProps('incident', name, values[name], set, errors.errors[name]), ...extra });

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const problems: Problem[] = [];
    if (!values.startedAt) problems.push({ code: 'FIELD_REQUIRED', field: 'startedAt', message: '' });
    if (!values.description.trim()) problems.push({ code: 'FIELD_REQUIRED', field: 'description', message: '' });
    if (problems.length) return errors.show(new ApiError(problems));
    const input = {
      system: values.system,
      organisationBin: values.organisationBin || undefined,
      sourceCode: values.sourceCode || undefined,
      startedAt: inputToIso(values.startedAt),
      endedAt: values.endedAt ? inputToIso(values.endedAt) : undefined,
      description: values.description.trim(),
    };
    try {
      if (editing) await gql(session.token, UPDATE_INCIDENT, { id: editing.id, input, reason: values.reason || undefined });
      else await gql(session.token, RECORD_INCIDENT, { input });
      setMessage(t(editing ? 'incidentCorrected' : 'incidentRecorded'));
      setEditing(undefined);
      setValues(EMPTY_INCIDENT);
      errors.reset();
      load();
    } catch (error) {
      errors.show(error);
    }
  };

  const edit = (incident: Incident) => {
    setEditing(incident);
    setMessage(undefined);
    setValues({
      system: incident.system, organisationBin: incident.organisationBin ?? '', sourceCode: incident.sourceCode ?? '',
      startedAt: astanaInputValue(new Date(incident.startedAt)), endedAt: incident.endedAt ? astanaInputValue(new Date(incident.endedAt)) : '',
      description: incident.description, reason: '',
    });
  };

  const remove = async () => {
    if (!removing) return;
    try {
      await gql(session.token, REMOVE_INCIDENT, removing);
      setRemoving(undefined);
      setMessage(t('incidentRemoved'));
      load();
    } catch (error) {
      errors.show(error);
    }
  };

  return (
    <section className="card" aria-labelledby="incidents-title" data-testid="incidents">
      <h2 id="incidents-title">{t('incidentsTitle')}</h2>
      <form onSubmit={save} noValidate data-testid="incident-form" aria-label={t(editing ? 'incidentCorrect' : 'incidentRecord')}>
        <div className="form-grid">
          <Field inputId="incident-system" name="system" label={t('fSystem')} problem={errors.errors.system}>
            <select {...input('system')}>{SYSTEMS.map((s) => <option key={s} value={s}>{t(`system_${s}`)}</option>)}</select>
          </Field>
          <Field inputId="incident-organisationBin" name="organisationBin" label={t('fOrganisation')} optional problem={errors.errors.organisationBin}>
            <select {...input('organisationBin')}>
              <option value="">{t('choose')}</option>
              {catalogue.agencies.map((a) => <option key={a.bin} value={a.bin}>{catalogue.agencyName(a.bin, lang)} ({a.bin})</option>)}
            </select>
          </Field>
          <Field inputId="incident-startedAt" name="startedAt" label={t('fStartedAt')} problem={errors.errors.startedAt}><input {...input('startedAt', { type: 'datetime-local' })} /></Field>
          <Field inputId="incident-endedAt" name="endedAt" label={t('fEndedAt')} optional problem={errors.errors.endedAt}><input {...input('endedAt', { type: 'datetime-local' })} /></Field>
          <Field inputId="incident-description" name="description" label={t('fDescription')} problem={errors.errors.description} wide><textarea {...input('description', { rows: 2 })} /></Field>
          {editing && <Field inputId="incident-reason" name="reason" label={t('fReason')} optional problem={errors.errors.reason} wide><input {...input('reason')} /></Field>}
        </div>
        <FormError problem={errors.formError} />
        <div className="form-actions">
          <button type="submit" className="primary" data-testid="incident-save">{t(editing ? 'incidentCorrect' : 'incidentRecord')}</button>
          {editing && <button type="button" onClick={() => { setEditing(undefined); setValues(EMPTY_INCIDENT); }}>{t('cancel')}</button>}
          {message && <span className="success" role="status" data-testid="incident-message">{message}</span>}
        </div>
      </form>
      <ul className="plain-list">
        {list.map((i) => (
          <li key={i.id} className={`card inner${i.removed ? ' removed' : ''}`} data-testid="incident" data-incident-id={i.id} data-removed={String(i.removed)} data-revision={i.revision}>
            <div className="card-head">
              <h3>{t(`system_${i.system as (typeof SYSTEMS)[number]}`)}{i.organisationBin ? ` · ${catalogue.agencyName(i.organisationBin, lang) ?? i.organisationBin}` : ''}{i.removed ? ` · ${t('incidentRemovedMark')}` : ''}</h3>
              <span className="muted">{showTime(i.startedAt, lang)} — {i.endedAt ? showTime(i.endedAt, lang) : t('ongoing')}</span>
            </div>
            <p>{i.description}</p>
            {!i.removed && (
              <div className="form-actions">
                <button type="button" data-testid="incident-edit" onClick={() => edit(i)}>{t('incidentCorrect')}</button>
                {removing?.id === i.id ? (
                  <>
                    <label className="visually-hidden" htmlFor={`remove-reason-${i.id}`}>{t('fReason')}</label>
                    <input id={`remove-reason-${i.id}`} data-testid="incident-remove-reason" placeholder={t('fReason')} value={removing.reason} onChange={(e) => setRemoving({ id: i.id, reason: e.target.value })} />
                    <button type="button" className="danger" data-testid="incident-remove-confirm" disabled={!removing.reason.trim()} onClick={remove}>{t('incidentRemove')}</button>
                  </>
                ) : <button type="button" className="danger" data-testid="incident-remove" onClick={() => setRemoving({ id: i.id, reason: '' })}>{t('incidentRemove')}</button>}
              </div>
            )}
            <details>
              <summary>{t('revisions', { count: i.revisions.length })}</summary>
              <ol data-testid="incident-revisions">
                {i.revisions.map((r) => <li key={r.revision}>{r.revision}. {r.action} · {showTime(r.at, lang)} · {r.bySubject}{r.reason ? ` · ${r.reason}` : ''}</li>)}
              </ol>
            </details>
          </li>
        ))}
      </ul>
    </section>
  );
}

function DeadLetters() {
  const { t, lang, errorText } = useLang();
  const { session } = useApp();
  const [list, setList] = useState<Message[]>([]);
  const [problem, setProblem] = useState<Problem>();
  const [retried, setRetried] = useState<string>();
  const load = useCallback(() => {
    gql<{ exchangeMessages: { nodes: Message[] } }>(session.token, EXCHANGE_MESSAGES, { filter: { outcome: 'DEAD' }, first: 50 })
      .then((d) => setList(nodesOf(d.exchangeMessages)), (e: unknown) => setProblem(problemsOf(e)[0]));
  }, [session.token]);
  useEffect(load, [load]);
  const retry = async (id: string) => {
    setProblem(undefined);
    try {
      await gql(session.token, RETRY_DELIVERY, { id });
      setRetried(id);
      load();
    } catch (error) {
      setProblem(problemsOf(error)[0]);
    }
  };
  return (
    <section className="card" aria-labelledby="dead-title" data-testid="dead-letters">
      <div className="card-head">
        <h2 id="dead-title">{t('deadLettersTitle')}</h2>
        <button type="button" data-testid="dead-refresh" onClick={load}>{t('refresh')}</button>
      </div>
      <FormError problem={problem} />
      {retried && <p className="success" role="status" data-testid="retried">{t('retried')}</p>}
      {list.length === 0 ? <p className="muted">{t('deadLettersEmpty')}</p> : (
        <ul className="plain-list">
          {list.map((m) => (
            <li key={m.id} className="card inner" data-testid="dead-letter" data-message-id={m.id} data-application-id={m.applicationId ?? ''}>
              <p><span className="mono">{m.messageId}</span> → <span className="mono">{m.counterpartBin}</span> · {m.kind} · {t('attemptCount', { count: m.attempts })}</p>
              <ul>
                {m.attemptLog.map((a) => (
                  <li key={a.attempt} data-testid="attempt" data-code={a.errorCode ?? ''}>
                    {a.attempt}. {showTime(a.startedAt, lang)} · {a.errorCode ? errorText(a.errorCode, a.errorCode) : a.outcome}{a.httpStatus ? ` (HTTP ${a.httpStatus})` : ''}
                  </li>
                ))}
              </ul>
              <button type="button" className="primary" data-testid="retry-delivery" onClick={() => retry(m.id)}>{t('retryDelivery')}</button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

type JournalFilter = Record<'direction' | 'kind' | 'outcome' | 'counterpartBin' | 'from' | 'to', string>;

function Journal() {
  const { t, lang, errorText } = useLang();
  const { session } = useApp();
  const [filter, setFilter] = useState<JournalFilter>({ direction: '', kind: '', outcome: '', counterpartBin: '', from: '', to: '' });
  const [list, setList] = useState<Message[]>();
  const [applied, setApplied] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<Problem>();
  const latest = useRef(0);
  const search = async (event?: FormEvent) => {
    event?.preventDefault();
    setProblem(undefined);
    const wire = Object.fromEntries(Object.entries(filter).filter(([, v]) => v).map(([k, v]) => [k, k === 'from' || k === 'to' ? inputToIso(v) : v]));
    // only the latest search's answer is shown: an earlier one arriving late would show other rows
    const request = ++latest.current;
    try {
      const d = await gql<{ exchangeMessages: { nodes: Message[] } }>(session.token, EXCHANGE_MESSAGES, { filter: wire, first: 100 });
      if (request !== latest.current) return;
      setList(nodesOf(d.exchangeMessages));
      setApplied(wire);
    } catch (error) {
      if (request === latest.current) setProblem(problemsOf(error)[0]);
    }
  };
  useEffect(() => { void search(); }, []);
  const field = (name: keyof JournalFilter, extra: Record<string, unknown> = {}) => ({
    id: `journal-${name}`, 'data-testid': `journal-${name}`, value: filter[name], onChange: (e: { target: { value: string } }) => setFilter((f) => ({ ...f, [name]: e.target.value })), ...extra,
  });
  return (
    <section className="card" aria-labelledby="journal-title" data-testid="journal">
      <h2 id="journal-title">{t('journalTitle')}</h2>
      <form className="toolbar" onSubmit={search}>
        <div className="field"><label htmlFor="journal-direction">{t('fDirection')}</label>
          <select {...field('direction')}><option value="">{t('all')}</option><option value="OUT">{t('direction_OUT')}</option><option value="IN">{t('direction_IN')}</option></select></div>
        <div className="field"><label htmlFor="journal-outcome">{t('colOutcome')}</label>
          <select {...field('outcome')}><option value="">{t('all')}</option>{['PENDING', 'RETRYING', 'DELIVERED', 'DEAD', 'ACCEPTED'].map((o) => <option key={o} value={o}>{o}</option>)}</select></div>
        <div className="field"><label htmlFor="journal-kind">{t('fKind')}</label><input {...field('kind')} /></div>
        <div className="field"><label htmlFor="journal-counterpartBin">{t('fCounterpart')}</label><input {...field('counterpartBin', { inputMode: 'numeric', maxLength: 12 })} /></div>
        <div className="field"><label htmlFor="journal-from">{t('fFrom')}</label><input {...field('from', { type: 'datetime-local' })} /></div>
        <div className="field"><label htmlFor="journal-to">{t('fTo')}</label><input {...field('to', { type: 'datetime-local' })} /></div>
        <button type="submit" className="primary" data-testid="journal-search">{t('searchSubmit')}</button>
      </form>
      <FormError problem={problem} />
      {list && (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="journal-title">
          <table data-testid="journal-table" data-outcome-filter={applied.outcome ?? ''} data-counterpart-filter={applied.counterpartBin ?? ''}>
            <thead><tr><th scope="col">{t('colWhen')}</th><th scope="col">{t('fDirection')}</th><th scope="col">{t('fKind')}</th><th scope="col">{t('fCounterpart')}</th><th scope="col">{t('colOutcome')}</th><th scope="col">{t('colAttempts')}</th></tr></thead>
            <tbody>
              {list.map((m) => (
                <tr key={m.id} data-testid="journal-row" data-outcome={m.outcome} data-direction={m.direction}>
                  <td><time dateTime={m.createdAt}>{showTime(m.createdAt, lang)}</time></td>
                  <td>{t(m.direction === 'IN' ? 'direction_IN' : 'direction_OUT')}</td>
                  <td className="mono">{m.kind}</td>
                  <td className="mono">{m.counterpartBin}</td>
                  <td>{m.outcome}{m.errorCode ? ` · ${errorText(m.errorCode, m.errorCode)}` : ''}</td>
                  <td>{m.attempts}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {list.length === 0 && <p className="muted">{t('searchEmpty')}</p>}
        </div>
      )}
    </section>
  );
}
