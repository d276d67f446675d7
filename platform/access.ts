import { ErrorCode, hubError } from './errors';
import { Identity, requireIdentity } from './identity';

/** What a request is about, for deciding who may see it. */
export interface ApplicationParties {
  recipientIin: string;
  providerBin: string;
}

/** A citizen sees only their own requests; a provider only its organisation's; partners none. */
export function canSeeApplication(identity: Identity, app: ApplicationParties): boolean {
  switch (identity.role) {
    case 'citizen': return !!identity.iin && identity.iin === app.recipientIin;
    case 'provider': return !!identity.bin && identity.bin === app.providerBin;
    case 'partner': return false;
    default: return true;
  }
}

/** An application with who submitted it through the hub (null for one a provider registered itself). */
export interface ApplicationContentsParties extends ApplicationParties {
  submittedByBin: string | null;
}

/**
 * The personal data an application carries (the issued document, the looked-up documents
 * attached) is for the recipient, the provider it was sent to, the organisation whose operator
 * submitted it, and admins; the contact centre and analysts work with its status, not its contents.
 */
export function canReadApplicationContents(identity: Identity, app: ApplicationContentsParties): boolean {
  switch (identity.role) {
    case 'admin': return true;
    case 'citizen': return !!identity.iin && identity.iin === app.recipientIin;
    case 'provider': return !!identity.bin && identity.bin === app.providerBin;
    case 'operator': return !!identity.bin && identity.bin === app.submittedByBin;
    default: return false;
  }
}

export function assertCanSeeApplication(identity: Identity | undefined, app: ApplicationParties): void {
  const who = requireIdentity(identity);
  if (!canSeeApplication(who, app)) throw hubError(ErrorCode.Forbidden, 'You may not see this application');
}

/**
 * Narrows a list or subscription filter to what the identity may see: a citizen to their IIN,
 * a provider to its BIN. Asking explicitly for someone else's is refused rather than emptied.
 */
export function scopeFilter<F extends { providerBin?: string; recipientIin?: string }>(identity: Identity | undefined, filter: F): F {
  const who = requireIdentity(identity);
  if (who.role === 'partner') throw hubError(ErrorCode.Forbidden, 'Partners do not read stage reports');
  if (who.role === 'citizen') {
    if (!who.iin) throw hubError(ErrorCode.Forbidden, 'A citizen identity without an IIN sees nothing');
    if (filter.recipientIin && filter.recipientIin !== who.iin) throw hubError(ErrorCode.Forbidden, 'A citizen sees only their own applications', 'filter.recipientIin');
    return { ...filter, recipientIin: who.iin };
  }
  if (who.role === 'provider') {
    if (!who.bin) throw hubError(ErrorCode.Forbidden, 'A provider identity without a BIN sees nothing');
    if (filter.providerBin && filter.providerBin !== who.bin) throw hubError(ErrorCode.Forbidden, "A provider sees only its own organisation's requests", 'filter.providerBin');
    return { ...filter, providerBin: who.bin };
  }
  return filter;
}
