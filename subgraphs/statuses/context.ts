import { HubContext } from '../shared/context';
import { StageEventBus } from './stage-events';

export interface StatusesContext extends HubContext {
  stageEvents: StageEventBus;
}
