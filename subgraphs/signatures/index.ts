import { runSubgraph } from '../shared/run-subgraph';
import { startSignatures } from './server';

runSubgraph('signatures', startSignatures).catch((error) => {
  console.error(error);
  process.exit(1);
});
