import { HubContext } from '../../platform/context';
import { SignatureVerifier } from '../../lib/ecp/verifier';
import { StageEventBus } from './stage-events';

export interface StatusesContext extends HubContext {
  stageEvents: StageEventBus;
  /** verifies the digital signature of every stage report */
  signatures: SignatureVerifier;
  /** "now" for the rules (receipt time, time checks, planned date); a test may set the date */
  clock: () => Date;
}
