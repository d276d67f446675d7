import { ErrorCode } from '../../platform/errors';

/** An application cited as the basis of a lookup, with what decides what it entitles. */
export interface CitedApplication {
  number: string;
  serviceCode: string;
  recipientIin: string;
  providerBin: string;
  /** the organisation whose operator submitted it through the hub; null for one its provider registered */
  submittedByBin: string | null;
  closed: boolean;
  /** the document types its service requires (reference/services.json) */
  requiredDocuments: string[];
}

export interface BasisRefusal {
  code: ErrorCode;
  message: string;
  /** the item's field at fault */
  field: 'applicationId' | 'documentType';
}

/**
 * What an application entitles (ЦОН exchange rules p.7, p.11): a lookup by the organisation that
 * submitted it or provides it, about its recipient, while it is open, of a type its service
 * requires. Anything else is refused, the organisation first so that nothing about another
 * organisation's application is told.
 */
export function applicationRefusal(app: CitedApplication, ask: { requesterBin: string; subject: string; documentType: string; applicationId: string }): BasisRefusal | null {
  if (ask.requesterBin !== app.providerBin && ask.requesterBin !== app.submittedByBin) {
    return { code: ErrorCode.ApplicationOfAnotherOrganisation, message: `Application ${ask.applicationId} was neither submitted by your organisation nor sent to it: it cannot entitle your lookup`, field: 'applicationId' };
  }
  if (app.recipientIin !== ask.subject) {
    return { code: ErrorCode.ApplicationOfAnotherRecipient, message: `Application ${app.number} is not of ${ask.subject}: it cannot entitle this lookup`, field: 'applicationId' };
  }
  if (app.closed) {
    return { code: ErrorCode.ApplicationClosed, message: `Application ${app.number} is closed: it entitles no more lookups`, field: 'applicationId' };
  }
  if (!app.requiredDocuments.includes(ask.documentType)) {
    return { code: ErrorCode.DocumentTypeNotRequired, message: `Service ${app.serviceCode} of application ${app.number} does not require ${ask.documentType}: the application cannot entitle this lookup`, field: 'documentType' };
  }
  return null;
}

const DAY_MS = 86_400_000;

/** A consent serves for a limited time after it was given (LOOKUP_CONSENT_MAX_AGE_DAYS); a future one is refused as a time in the future before this. */
export function consentExpired(givenAt: Date, now: Date, maxAgeDays: number): boolean {
  return now.getTime() - givenAt.getTime() > maxAgeDays * DAY_MS;
}
