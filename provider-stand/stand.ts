import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { DEV_PROVIDER_TOKEN } from '../platform/config';
import { BadRequest, guardRequests, jsonObject, readBody } from '../platform/http-guard';
import type { Logger } from '../platform/telemetry/logger';
import { DemoSigner } from '../subgraphs/signatures/demo-pki';
import { signMessage } from '../lib/ecp/sign-message';
import { formatAstana } from '../platform/time';
import { demoRegisters, identityDocumentOf, Person } from './demo-registers';

/** How the demo provider behaves: answers normally, slowly, with a rejection, or with HTTP 500. */
export type StandMode = 'normal' | 'slow' | 'reject' | 'error';
/** How the demo identity-document service answers lookups: normally, slowly, with data that is not what was asked, or HTTP 500. */
export type RegisterMode = 'normal' | 'slow' | 'malformed' | 'error';

export interface StandProcessing {
  /** after this, the provider reports the stage "accepted into work" */
  acceptAfterMs: number;
  /** after this (from receipt), it posts the result */
  resultAfterMs: number;
  outcome?: 'ISSUED' | 'REFUSED';
}

export interface ProviderStandOptions {
  port?: number;
  host?: string;
  /** the bearer token the hub must present (test-only demo token unless told) */
  token?: string;
  /** where the provider reports back (the gateway), with a provider token per BIN; without it, requests are only taken */
  hub?: { url: string; tokenFor: (bin: string) => string };
  /** the providers' authorised persons, who sign stage reports and results */
  signers: DemoSigner[];
  processing?: StandProcessing;
  logger?: Logger;
}

/**
 * The test stand's provider system (ЦОН exchange rules p.15): a real HTTP server that takes the
 * hub's requests for any demo provider at /providers/{bin}/requests, recognises a request it has
 * already taken by its message id, and (when told to process) reports "accepted into work" and
 * posts a signed result through the hub's gateway. Tests and demos can take it down, slow it or
 * make it reject.
 */
export class ProviderStand {
  mode: StandMode = 'normal';
  slowMs = 3000;
  registerMode: RegisterMode = 'normal';
  /** lookups the identity-document service answered: one per call, with the subjects asked */
  readonly registerCalls: { documentType: string; subjects: string[] }[] = [];
  private persons?: Map<string, Person>;
  /** wire receptions per message id (a redelivery after a crash shows up here as 2) */
  readonly received = new Map<string, number>();
  /** requests taken as new, in order, each once */
  readonly accepted: Record<string, any>[] = [];
  readonly processingErrors: string[] = [];
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private boundPort = 0;

  constructor(private readonly opts: ProviderStandOptions) {}

  get port(): number { return this.boundPort; }
  get url(): string { return `http://${this.opts.host ?? '127.0.0.1'}:${this.boundPort}`; }
  endpointFor(bin: string): string { return `${this.url}/providers/${bin}/requests`; }
  /** message ids the provider took more than once on the wire */
  get redelivered(): string[] { return [...this.received].filter(([, n]) => n > 1).map(([id]) => id); }

  async start(): Promise<this> {
    await this.listen(this.opts.port ?? 0);
    return this;
  }

  /** The provider's system goes down: connections are refused until comeBack(). */
  async goDown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async comeBack(): Promise<void> {
    if (!this.server) await this.listen(this.boundPort);
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    await this.goDown();
  }

  private listen(port: number): Promise<void> {
    // whatever a request carries fails that request only (http-guard.ts), never the process
    const server = createServer(guardRequests((req, res) => this.handle(req, res), (error) => this.opts.logger?.error({ err: error }, 'provider stand: request failed')));
    server.on('connection', (socket) => { this.sockets.add(socket); socket.once('close', () => this.sockets.delete(socket)); });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.opts.host ?? '127.0.0.1', () => {
        this.boundPort = (server.address() as { port: number }).port;
        this.server = server;
        resolve();
      });
    });
  }

  private reply(res: ServerResponse, status: number, body: unknown): void {
    if (res.headersSent) return;
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = (await readBody(req, MAX_BODY)).toString('utf8');
    if (req.method === 'GET' && req.url === '/healthz') return this.reply(res, 200, { ok: true, mode: this.mode });
    // what it took, for a benchmark or test that runs it as a process of its own (exactly once, checked from outside)
    if (req.method === 'GET' && req.url === '/records') return this.reply(res, 200, { accepted: this.accepted.map((m) => String(m.messageId)), received: Object.fromEntries(this.received) });
    if (req.method === 'POST' && req.url === '/control') return this.control(res, controlOf(jsonObject(text || '{}')));
    if (req.method === 'POST' && req.url === '/registers/identity-documents') return this.identityDocuments(req, res, text);
    const match = req.method === 'POST' ? /^\/providers\/(\d{12})\/requests$/.exec(req.url ?? '') : null;
    if (!match) return this.reply(res, 404, { accepted: false, reason: 'not found' });
    if (req.headers.authorization !== `Bearer ${this.opts.token ?? DEV_PROVIDER_TOKEN}`) return this.reply(res, 401, { accepted: false, reason: 'bad token' });
    if (this.mode === 'error') return this.reply(res, 500, { accepted: false, reason: 'internal error (demo)' });
    if (this.mode === 'slow') await this.sleep(this.slowMs);
    let message: Record<string, any>;
    try {
      message = jsonObject(text);
    } catch {
      return this.reply(res, 400, { accepted: false, code: 'MALFORMED', reason: 'not a JSON object' });
    }
    const bin = match[1];
    const messageId = String(message.messageId ?? '');
    if (this.mode === 'reject') return this.reply(res, 200, { accepted: false, code: 'INVALID_REQUEST', reason: 'rejected by the demo provider' });
    if (message.kind !== 'REQUEST' || !messageId || message.application?.providerBin !== bin || !message.signature) {
      return this.reply(res, 200, { accepted: false, code: 'INVALID_REQUEST', reason: 'not a signed request for this provider' });
    }
    const seen = this.received.get(messageId) ?? 0;
    this.received.set(messageId, seen + 1);
    // a request taken before (the hub resent it after losing our answer) is acknowledged again, not processed again
    if (seen > 0) return this.reply(res, 200, { accepted: true, duplicate: true, messageId });
    this.accepted.push(message);
    this.reply(res, 200, { accepted: true, messageId, receivedAt: formatAstana(new Date()) });
    if (this.opts.processing && this.opts.hub) this.process(bin, message, this.opts.processing);
  }

  /**
   * The migration service's identity documents (удостоверения личности), as a provider's REST
   * service would answer the hub's lookups: POST {documentType, subjects} → {documents: [{subject, data}]}.
   */
  private async identityDocuments(req: IncomingMessage, res: ServerResponse, text: string): Promise<void> {
    if (req.headers.authorization !== `Bearer ${this.opts.token ?? DEV_PROVIDER_TOKEN}`) return this.reply(res, 401, { error: 'bad token' });
    let body: { documentType?: unknown; subjects?: unknown };
    try {
      body = jsonObject(text);
    } catch {
      return this.reply(res, 400, { error: 'not a JSON object' });
    }
    const subjects = Array.isArray(body.subjects) ? body.subjects.filter((s): s is string => typeof s === 'string') : [];
    this.registerCalls.push({ documentType: String(body.documentType), subjects });
    if (this.registerMode === 'error') return this.reply(res, 500, { error: 'internal error (demo)' });
    if (this.registerMode === 'slow') await this.sleep(this.slowMs);
    if (this.registerMode === 'malformed') return this.reply(res, 200, { documents: [{ subject: 'someone else', data: 'not an object' }] });
    this.persons ??= new Map(demoRegisters().persons.map((p) => [p.iin, p]));
    const documents = subjects.flatMap((subject) => {
      const person = this.persons!.get(subject);
      if (!person) return [];
      const doc = identityDocumentOf(person);
      return [{ subject, data: { kind: doc.kind, number: doc.number, issuedBy: doc.issued_by, issuedOn: doc.issued_on, validUntil: doc.valid_until, surname: person.surname, name: person.name, patronymic: person.patronymic, birthDate: person.birth_date } }];
    });
    this.reply(res, 200, { documents });
  }

  private control(res: ServerResponse, body: StandControl): void {
    if (body.mode) this.mode = body.mode;
    if (body.registerMode) this.registerMode = body.registerMode;
    if (body.slowMs !== undefined) this.slowMs = body.slowMs;
    this.reply(res, 200, { mode: this.mode, registerMode: this.registerMode, slowMs: this.slowMs, downForSeconds: body.downForSeconds ?? 0 });
    if (body.downForSeconds) {
      // through later(), so that stop() cancels both the going down and the coming back
      const seconds = body.downForSeconds;
      this.later(50, async () => { await this.goDown(); this.later(seconds * 1000, () => this.comeBack()); });
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.later(ms, async () => resolve()));
  }

  private later(ms: number, fn: () => Promise<unknown>): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn().catch((error) => { this.processingErrors.push(String(error)); this.opts.logger?.error({ err: error }, 'provider stand: processing failed'); });
    }, ms);
    this.timers.add(t);
  }

  /** What a provider's staff do with the request: take it into work, then answer with the result. */
  private process(bin: string, request: Record<string, any>, p: StandProcessing): void {
    const number = request.application.number as string;
    const executor = 'Демо-исполнитель (test stand)';
    this.later(p.acceptAfterMs, () => this.send(bin, REPORT_STAGE, {
      providerBin: bin, applicationNumber: number, stage: 'ACCEPTED_INTO_WORK', occurredAt: formatAstana(new Date()), messageId: randomUUID(), executor,
    }));
    this.later(Math.max(p.resultAfterMs, p.acceptAfterMs + 50), () => {
      const issued = (p.outcome ?? 'ISSUED') === 'ISSUED';
      const content = Buffer.from(`Демо-результат по заявке ${number} (test stand)\n`, 'utf8');
      return this.send(bin, POST_RESULT, {
        messageId: randomUUID(), correlationId: request.messageId, providerBin: bin, applicationNumber: number,
        outcome: issued ? 'ISSUED' : 'REFUSED', decidedAt: formatAstana(new Date()), executor,
        ...(issued
          ? { document: { fileName: `${number}.txt`, mediaType: 'text/plain', contentBase64: content.toString('base64'), sha256: createHash('sha256').update(content).digest('hex') } }
          : { refusalReason: 'Демо-отказ: представлен неполный пакет документов' }),
      });
    });
  }

  private async send(bin: string, query: string, input: Record<string, unknown>): Promise<void> {
    const signer = this.opts.signers.find((s) => s.bin === bin && (s.role ?? 'provider') === 'provider');
    if (!signer) throw new Error(`no demo signer for provider ${bin}`);
    const signed = signMessage(input, readFileSync(signer.certFile, 'utf8'), readFileSync(signer.keyFile));
    const response = await fetch(this.opts.hub!.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.opts.hub!.tokenFor(bin)}` },
      body: JSON.stringify({ query, variables: { input: signed } }),
    });
    const result = await response.json() as { errors?: { message: string }[] };
    if (result.errors?.length) throw new Error(`${input.stage ?? 'result'} for ${input.applicationNumber}: ${result.errors.map((e) => e.message).join('; ')}`);
  }
}

/** What POST /control may change. */
interface StandControl { mode?: StandMode; registerMode?: RegisterMode; slowMs?: number; downForSeconds?: number }

const STAND_MODES: StandMode[] = ['normal', 'slow', 'reject', 'error'];
const REGISTER_MODES: RegisterMode[] = ['normal', 'slow', 'malformed', 'error'];
/** the longest a test or a demo would want the stand slow or down (and within what a timer takes) */
const MAX_CONTROL_SECONDS = 3600;
/** a request of the hub carries an application's attachments: up to 5 MB each as base64 */
const MAX_BODY = 16 << 20;

/** The control message, checked whole: a mode the stand does not have, or a delay that is no number, is refused with 400. */
function controlOf(body: Record<string, unknown>): StandControl {
  const { mode, registerMode, slowMs, downForSeconds } = body;
  const seconds = (value: unknown, name: string, max: number) => {
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max) throw new BadRequest(`${name}: a number from 0 to ${max}`);
    return value;
  };
  if (mode !== undefined && !STAND_MODES.includes(mode as StandMode)) throw new BadRequest(`mode: one of ${STAND_MODES.join(', ')}`);
  if (registerMode !== undefined && !REGISTER_MODES.includes(registerMode as RegisterMode)) throw new BadRequest(`registerMode: one of ${REGISTER_MODES.join(', ')}`);
  return {
    mode: mode as StandMode | undefined,
    registerMode: registerMode as RegisterMode | undefined,
    slowMs: seconds(slowMs, 'slowMs', MAX_CONTROL_SECONDS * 1000),
    downForSeconds: seconds(downForSeconds, 'downForSeconds', MAX_CONTROL_SECONDS),
  };
}

const REPORT_STAGE = 'mutation Report($input: StageReportInput!) { reportStage(input: $input) { duplicate } }';
const POST_RESULT = 'mutation Result($input: ResultInput!) { postResult(input: $input) { duplicate } }';
