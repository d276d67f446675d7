import { X509Certificate } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { arrayBuffer } from './certificates';
import { TrustStore, verifyIssuedBy } from './trust-store';
import { RevocationStatus } from './types';

export interface RevocationOptions {
  /** CRL files (DER or PEM) */
  files?: string[];
  /** a directory whose .crl/.pem/.der files are CRLs (listed anew at every refresh) */
  dir?: string;
  urls?: string[];
  /** how often start() refreshes (default 60 minutes); refreshIntervalMs wins when both are set */
  refreshMinutes?: number;
  refreshIntervalMs?: number;
  fetchTimeoutMs?: number;
  log?: (message: string) => void;
  now?: () => Date;
}

/** Serials compared as upper-case hex without leading zeros. */
export const normalSerial = (hex: string) => hex.toUpperCase().replace(/^0+(?=.)/, '');

function crlDers(data: Buffer): Buffer[] {
  const text = data.toString('latin1');
  const pems = text.match(/-----BEGIN (X509 )?CRL-----[\s\S]+?-----END (X509 )?CRL-----/g);
  return pems ? pems.map((p) => Buffer.from(p.replace(/-----[^-]+-----|\s/g, ''), 'base64')) : [data];
}

/** One CRL whose signature verified: whose serials it revokes. */
interface LoadedCrl {
  /** the issuing CA's subject, as Node's X509Certificate#issuer of the certificates it covers */
  issuer: string;
  /** revoked serial -> when it was revoked */
  serials: Map<string, Date>;
  thisUpdate: Date;
  nextUpdate?: Date;
}

/** What the CRLs of one CA say: its revoked serials, and until when the newest of its CRLs is current (undefined: no nextUpdate). */
interface IssuerRevocations {
  serials: Map<string, Date>;
  freshUntil?: Date;
}

/**
 * Revocation lists (СОС) of the trusted CAs: from files and URLs, kept in memory and refreshed on
 * a schedule. A CRL counts only when its issuer is in the trust store and its signature verifies.
 * A source that fails to load (network down, bad file, a CRL that does not verify or is older
 * than the one held) keeps its last good CRL: a failed download must not un-revoke anybody.
 * `version` changes with every refresh, so that cached verdicts are taken anew.
 */
export class RevocationList {
  private revoked = new Map<string, IssuerRevocations>(); // issuer subject -> what its CRLs say
  private bySource = new Map<string, LoadedCrl[]>();
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  version = 0;
  lastRefresh?: Date;

  constructor(private readonly trust: TrustStore, private readonly opts: RevocationOptions = {}) {}

  /** Loads the CRLs now and then every refresh interval. */
  async start(): Promise<void> {
    await this.refresh();
    this.stop();
    const interval = this.opts.refreshIntervalMs ?? (this.opts.refreshMinutes ?? 60) * 60_000;
    this.timer = setInterval(() => void this.refresh(), interval);
    this.timer.unref(); // a schedule alone should not keep the process alive
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.stop();
  }

  get scheduled(): boolean {
    return this.timer !== undefined;
  }

  isRevoked(cert: X509Certificate): boolean {
    return this.revoked.get(cert.issuer)?.serials.has(normalSerial(cert.serialNumber)) ?? false;
  }

  /**
   * What the CRLs say about `cert`: revoked (with when), good if a CRL of its issuer is current
   * (nextUpdate not passed), else unknown: no CRL of that CA, or only stale ones (their
   * revocations still count).
   */
  status(cert: X509Certificate, now: Date = this.opts.now?.() ?? new Date()): RevocationStatus {
    const issuer = this.revoked.get(cert.issuer);
    const revokedAt = issuer?.serials.get(normalSerial(cert.serialNumber));
    if (revokedAt) return { state: 'revoked', revokedAt, detail: `CRL: revoked at ${revokedAt.toISOString()}` };
    if (!issuer) return { state: 'unknown', detail: `CRL: no CRL of ${cert.issuer.replace(/\n/g, ', ')} is held` };
    if (issuer.freshUntil && issuer.freshUntil < now) return { state: 'unknown', detail: `CRL: the CRL of ${cert.issuer.replace(/\n/g, ', ')} is past its nextUpdate (${issuer.freshUntil.toISOString()})` };
    return { state: 'good', detail: 'CRL: not listed' };
  }

  /** Reloads every source; concurrent calls share one run. Never throws (failures are logged). */
  refresh(): Promise<void> {
    this.running ??= this.load().finally(() => (this.running = undefined));
    return this.running;
  }

  private files(): string[] {
    const files = [...(this.opts.files ?? [])];
    if (this.opts.dir) {
      try {
        files.push(...readdirSync(this.opts.dir).filter((f) => /\.(crl|pem|der)$/i.test(f)).sort().map((f) => path.join(this.opts.dir!, f)));
      } catch (error) {
        this.opts.log?.(`CRL directory ${this.opts.dir}: ${(error as Error).message}`);
      }
    }
    return files;
  }

  private async load(): Promise<void> {
    const next = new Map<string, LoadedCrl[]>();
    const sources: [string, () => Promise<Buffer>][] = [
      ...this.files().map((f): [string, () => Promise<Buffer>] => [f, async () => readFileSync(f)]),
      ...(this.opts.urls ?? []).map((u): [string, () => Promise<Buffer>] => [u, () => this.fetchCrl(u)]),
    ];
    for (const [source, read] of sources) {
      const previous = this.bySource.get(source);
      try {
        const crls = crlDers(await read()).map((der) => this.parse(der));
        if (previous && crls.some((c) => previous.some((p) => p.issuer === c.issuer && c.thisUpdate < p.thisUpdate))) {
          throw new Error('it is older than the CRL already held');
        }
        next.set(source, crls);
      } catch (error) {
        this.opts.log?.(`CRL ${source} not refreshed${previous ? ' (keeping the last good one)' : ''}: ${(error as Error).message}`);
        if (previous) next.set(source, previous);
      }
    }
    const revoked = new Map<string, IssuerRevocations>();
    const now = this.opts.now?.() ?? new Date();
    for (const crl of [...next.values()].flat()) {
      if (crl.nextUpdate && crl.nextUpdate < now) this.opts.log?.(`CRL of ${crl.issuer.replace(/\n/g, ', ')} is past its nextUpdate (${crl.nextUpdate.toISOString()}); its revocations still apply`);
      const entry = revoked.get(crl.issuer) ?? { serials: new Map<string, Date>(), freshUntil: crl.nextUpdate };
      for (const [serial, at] of crl.serials) if (!entry.serials.has(serial) || at < entry.serials.get(serial)!) entry.serials.set(serial, at);
      // the CA is current while any of its CRLs is: one without nextUpdate always is
      if (entry.freshUntil && (!crl.nextUpdate || crl.nextUpdate > entry.freshUntil)) entry.freshUntil = crl.nextUpdate;
      revoked.set(crl.issuer, entry);
    }
    this.bySource = next;
    this.revoked = revoked;
    this.lastRefresh = now;
    this.version++;
  }

  private async fetchCrl(url: string): Promise<Buffer> {
    const response = await fetch(url, { signal: AbortSignal.timeout(this.opts.fetchTimeoutMs ?? 10_000) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return Buffer.from(await response.arrayBuffer());
  }

  /** A CRL whose issuer is a trusted CA that signed it; throws otherwise. */
  private parse(der: Buffer): LoadedCrl {
    const crl = new x509.X509Crl(arrayBuffer(der));
    for (const candidate of [...this.trust.roots, ...this.trust.intermediates]) {
      if (new x509.X509Certificate(arrayBuffer(candidate.raw)).subject !== crl.issuer) continue;
      let verified = false;
      try {
        verified = verifyIssuedBy(der, candidate, this.trust.algorithms);
      } catch {
        // an algorithm not configured: this candidate cannot vouch for the CRL
      }
      if (!verified) continue;
      return { issuer: candidate.subject, serials: new Map(crl.entries.map((e) => [normalSerial(e.serialNumber), e.revocationDate])), thisUpdate: crl.thisUpdate, nextUpdate: crl.nextUpdate };
    }
    throw new Error(`its issuer (${crl.issuer}) is not a trusted CA or its signature does not verify`);
  }
}
