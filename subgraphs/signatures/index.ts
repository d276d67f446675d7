import { runSubgraph } from '../run-subgraph';
import { failedToStart } from '../../platform/telemetry/logger';
import { startSignatures } from './server';

runSubgraph('signatures', startSignatures).catch(failedToStart('signatures'));
