import { X509Certificate } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { arrayBuffer } from './certificates';
import { TrustStore } from './trust-store';

export interface RevocationOptions {
  /** CRL files (DER or PEM) */
  files?: string[];
  /** a directory whose .crl/.pem files are CRLs */
  dir?: string;
  urls?: string[];
  refreshMinutes?: number;
  fetchTimeoutMs?: number;
  log?: (message: string) => void;
}

/** Serials compared as upper-case hex without leading zeros. */
export const normalSerial = (hex: string) => hex.toUpperCase().replace(/^0+(?=.)/, '');

function crlDers(data: Buffer): Buffer[] {
  const text = data.toString('latin1');
  const pems = text.match(/-----BEGIN (X509 )?CRL-----[\s\S]+?-----END (X509 )?CRL-----/g);
  return pems ? pems.map((p) => Buffer.from(p.replace(/-----[^-]+-----|\s/g, ''), 'base64')) : [data];
}

/**
 * Revocation lists (СОС) of the trusted CAs: from files and URLs, kept in memory and refreshed on
 * a schedule. A CRL counts only when its issuer is in the trust store and its signature verifies.
 * `version` changes with every refresh, so that cached verdicts are taken anew.
 */
export class RevocationList {
  private revoked = new Map<string, Set<string>>(); // issuer DN -> serials (upper-case hex)
  private timer?: NodeJS.Timeout;
  version = 0;

  constructor(private readonly trust: TrustStore, private readonly opts: RevocationOptions = {}) {}

  async start(): Promise<void> {
    await this.refresh();
    const minutes = this.opts.refreshMinutes ?? 60;
    this.timer = setInterval(() => void this.refresh(), minutes * 60_000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  isRevoked(cert: X509Certificate): boolean {
    return this.revoked.get(cert.issuer)?.has(normalSerial(cert.serialNumber)) ?? false;
  }

  async refresh(): Promise<void> {
    const sources: Buffer[] = [];
    const files = [...(this.opts.files ?? [])];
    if (this.opts.dir) {
      try {
        files.push(...readdirSync(this.opts.dir).filter((f) => /\.(crl|pem|der)$/i.test(f)).map((f) => path.join(this.opts.dir!, f)));
      } catch {
        // no directory: no file CRLs
      }
    }
    for (const file of files) sources.push(...crlDers(readFileSync(file)));
    for (const url of this.opts.urls ?? []) {
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(this.opts.fetchTimeoutMs ?? 10_000) });
        if (response.ok) sources.push(...crlDers(Buffer.from(await response.arrayBuffer())));
        else this.opts.log?.(`CRL ${url}: HTTP ${response.status}`);
      } catch (error) {
        this.opts.log?.(`CRL ${url}: ${(error as Error).message}`);
      }
    }
    const next = new Map<string, Set<string>>();
    for (const der of sources) {
      const parsed = await this.parse(der);
      if (!parsed) continue;
      const serials = next.get(parsed.issuer) ?? new Set<string>();
      for (const s of parsed.serials) serials.add(s);
      next.set(parsed.issuer, serials);
    }
    this.revoked = next;
    this.version++;
  }

  private async parse(der: Buffer): Promise<{ issuer: string; serials: string[] } | undefined> {
    try {
      const crl = new x509.X509Crl(arrayBuffer(der));
      for (const candidate of [...this.trust.roots, ...this.trust.intermediates]) {
        const cert = new x509.X509Certificate(arrayBuffer(candidate.raw));
        if (cert.subject !== crl.issuer || !(await crl.verify({ publicKey: cert.publicKey }))) continue;
        return { issuer: candidate.subject, serials: crl.entries.map((e) => normalSerial(e.serialNumber)) };
      }
      this.opts.log?.('CRL skipped: its issuer is not trusted or its signature does not verify');
    } catch (error) {
      this.opts.log?.(`CRL skipped: ${(error as Error).message}`);
    }
    return undefined;
  }
}
