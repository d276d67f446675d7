import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../platform/paths';
import { composeSupergraph } from './supergraph';

/** npm run compose: writes schema/supergraph.graphql from the subgraphs' SDL. */
composeSupergraph()
  .then((sdl) => {
    const file = path.join(repoRoot(), 'schema', 'supergraph.graphql');
    writeFileSync(file, sdl);
    console.log(`wrote ${path.relative(process.cwd(), file)} (${sdl.length} bytes)`);
  })
  .catch((error) => {
    console.error(error.message ?? error);
    process.exit(1);
  });
