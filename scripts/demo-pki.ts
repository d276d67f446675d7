import path from 'node:path';
import { ensureDemoPki } from '../subgraphs/signatures/demo-pki';

/** node dist/scripts/demo-pki.js DIR: makes the test stand's demo CA and signers in DIR (once). */
const dir = path.resolve(process.argv[2] ?? '.data/pki');
ensureDemoPki(dir)
  .then(({ created, signers }) => console.log(`${created ? 'made' : 'kept'} the demo PKI in ${dir}: trust/ crl/ demo/ (${signers.length} test-only signers)`))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
