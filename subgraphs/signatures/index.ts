import { runSubgraph } from '../shared/run-subgraph';
import { failedToStart } from '../shared/telemetry/logger';
import { startSignatures } from './server';

runSubgraph('signatures', startSignatures).catch(failedToStart('signatures'));
