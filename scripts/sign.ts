import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { plainPayload } from '../subgraphs/signatures/message-signature';
import { canonicalBytes } from '../subgraphs/signatures/verification/canonical';
import { signCms } from '../subgraphs/signatures/verification/pki';

/**
 * npm run sign -- --key key.pem --cert cert.pem [--attached] payload.json
 * Prints the message as a provider's system sends it: the payload with its `signature`, a base64
 * detached CMS over the payload's RFC 8785 canonical bytes (the payload's own `signature`, if any,
 * is not signed).
 */
function main() {
  const argv = process.argv.slice(2);
  const flag = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    if (i < 0) return undefined;
    const [value] = argv.splice(i, 2).slice(1);
    return value;
  };
  const attached = argv.includes('--attached');
  if (attached) argv.splice(argv.indexOf('--attached'), 1);
  const key = flag('key');
  const cert = flag('cert');
  const file = argv[0];
  if (!key || !cert || !file) throw new Error('usage: npm run sign -- --key key.pem --cert cert.pem [--attached] payload.json');
  const { signature: _ignored, ...payload } = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const signature = signCms({ payload: canonicalBytes(plainPayload(payload)), cert: readFileSync(cert, 'utf8'), key: createPrivateKey(readFileSync(key)), detached: !attached });
  console.log(JSON.stringify({ ...payload, signature }, null, 2));
}

try {
  main();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
