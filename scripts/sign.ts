import { readFileSync } from 'node:fs';
import { signMessage } from '../lib/ecp/sign-message';
import { fillPlaceholders } from './placeholders';

const USAGE = 'usage: npm run sign -- --key key.pem --cert cert.pem [--attached] [--profile kz|rfc] payload.json';

/**
 * npm run sign -- --key key.pem --cert cert.pem [--attached] [--profile kz|rfc] payload.json
 * Prints the message with its signature, ready to send as a stage report's input. A GOST key signs
 * in NCA RK's Kazakh profile (kz) or the RFC 9215 one (rfc); by default in its own key's profile.
 */
function main() {
  const argv = process.argv.slice(2);
  const take = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i < 0 ? undefined : argv.splice(i, 2)[1];
  };
  const attached = argv.includes('--attached');
  if (attached) argv.splice(argv.indexOf('--attached'), 1);
  const key = take('key');
  const cert = take('cert');
  const profile = take('profile');
  const file = argv[0];
  if (!key || !cert || !file) throw new Error(USAGE);
  if (profile !== undefined && profile !== 'kz' && profile !== 'rfc') throw new Error(`--profile must be kz or rfc\n${USAGE}`);
  // {now} and {stamp} in the payload are filled in first (placeholders.ts): the sample report uses them
  const message = fillPlaceholders(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>);
  console.log(JSON.stringify(signMessage(message, readFileSync(cert, 'utf8'), readFileSync(key), { attached, profile }), null, 2));
}

try {
  main();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
