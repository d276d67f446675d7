import { runSubgraph } from '../shared/run-subgraph';
import { startApplications } from './server';

runSubgraph('applications', startApplications).catch((error) => {
  console.error(error);
  process.exit(1);
});
