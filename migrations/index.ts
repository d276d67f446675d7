import { Foundation1732300000000 } from './1732300000000-foundation';
import { VerifiedSignatures1732400000000 } from './1732400000000-verified-signatures';
import { ApplicationsDelivery1732500000000 } from './1732500000000-applications-delivery';

/** Every migration, in order: listed here so that the same list runs from TypeScript and from dist/. */
export const MIGRATIONS = [Foundation1732300000000, VerifiedSignatures1732400000000, ApplicationsDelivery1732500000000];
