import { GraphQLResponse } from '../../support/hub';
import { registration, signed } from '../../support/reports';

/** A stage report with only what statuses answers, so that nothing else is asked of other subgraphs. */
export const REPORT = `
  mutation Report($input: StageReportInput!) {
    reportStage(input: $input) { duplicate record { id cursor messageId } }
  }`;

export interface Acknowledged {
  messageId: string;
  recordId: string;
  /** the event's number (stageChanged's cursor) */
  cursor: string;
  serviceCode: string;
  duplicate: boolean;
}

export interface Refused {
  input: Record<string, unknown>;
  codes: string[];
  message: string;
}

type Send = (input: Record<string, unknown>) => Promise<GraphQLResponse>;

/** Sends one signed report; an answer without a receipt, or no answer at all, is a refusal. */
export async function sendReport(send: Send, input: Record<string, unknown>): Promise<{ ok: Acknowledged } | { refused: Refused }> {
  let response: GraphQLResponse;
  try {
    response = await send(input);
  } catch (error) {
    return { refused: { input, codes: ['NO_ANSWER'], message: String(error) } };
  }
  const receipt = response.data?.reportStage;
  if (receipt?.record && !response.errors?.length) {
    return { ok: { messageId: receipt.record.messageId, recordId: receipt.record.id, cursor: receipt.record.cursor, serviceCode: input.serviceCode as string, duplicate: receipt.duplicate } };
  }
  return {
    refused: {
      input,
      codes: (response.errors ?? []).map((e) => String(e.extensions?.code ?? 'NO_CODE')),
      message: (response.errors ?? []).map((e) => e.message).join('; ') || JSON.stringify(response),
    },
  };
}

/**
 * Stage reports sent without pause by `concurrency` senders until stopped, each registering a
 * request of its own (the services alternate). Every answer is kept: a receipt is an
 * acknowledgement, anything else a refusal.
 */
export class ReportLoad {
  readonly acknowledged: Acknowledged[] = [];
  readonly refused: Refused[] = [];
  private running = false;
  private senders: Promise<void>[] = [];
  private sent = 0;

  constructor(private readonly send: Send, private readonly opts: { concurrency: number; services?: string[]; numberPrefix?: string; pauseMs?: number }) {}

  start(): void {
    this.running = true;
    this.senders = Array.from({ length: this.opts.concurrency }, () => this.sender());
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.senders);
  }

  private async sender(): Promise<void> {
    const services = this.opts.services ?? ['CRIM-CERT'];
    while (this.running) {
      const n = this.sent++;
      const input = signed(registration({
        serviceCode: services[n % services.length],
        ...(this.opts.numberPrefix ? { applicationNumber: `${this.opts.numberPrefix}-${n}-${Math.random().toString(36).slice(2, 8)}` } : {}),
      }));
      const result = await sendReport(this.send, input);
      if ('ok' in result) this.acknowledged.push(result.ok);
      else this.refused.push(result.refused);
      if (this.opts.pauseMs) await new Promise((r) => setTimeout(r, this.opts.pauseMs));
    }
  }
}

/** Resends a refused report (same message id) until it is acknowledged; bounded. */
export async function resendUntilAcknowledged(send: Send, input: Record<string, unknown>, timeoutMs = 30_000): Promise<Acknowledged> {
  const deadline = Date.now() + timeoutMs;
  let last: Refused | undefined;
  while (Date.now() < deadline) {
    const result = await sendReport(send, input);
    if ('ok' in result) return result.ok;
    last = result.refused;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`report ${input.messageId} still refused after ${timeoutMs} ms: ${last?.codes.join(',')} ${last?.message}`);
}

/** The message ids (of the given provider) that the database holds a stage record of. */
export async function storedMessageIds(dataSource: { query(sql: string, params: unknown[]): Promise<{ message_id: string }[]> }, providerBin: string, messageIds: string[]): Promise<string[]> {
  const rows = await dataSource.query('SELECT message_id FROM stage_record WHERE provider_bin = $1 AND message_id = ANY($2)', [providerBin, messageIds]);
  return rows.map((r) => r.message_id);
}
