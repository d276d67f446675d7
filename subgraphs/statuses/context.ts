import { HubContext } from '../shared/context';
import { SignatureVerifier } from '../signatures/verification/verifier';
import { StageEventBus } from './stage-events';

export interface StatusesContext extends HubContext {
  stageEvents: StageEventBus;
  /** verifies the digital signature of every stage report */
  signatures: SignatureVerifier;
}
