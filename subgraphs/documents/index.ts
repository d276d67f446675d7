import { runSubgraph } from '../shared/run-subgraph';
import { startDocuments } from './server';

runSubgraph('documents', startDocuments).catch((error) => {
  console.error(error);
  process.exit(1);
});
