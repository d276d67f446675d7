import { runSubgraph } from '../shared/run-subgraph';
import { startStatuses } from './server';

runSubgraph('statuses', startStatuses).catch((error) => {
  console.error(error);
  process.exit(1);
});
