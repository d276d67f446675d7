import jwt from 'jsonwebtoken';
import { loadConfig } from '../platform/config';
import { ROLES } from '../platform/identity';

/**
 * npm run token -- --role provider --bin 010840004568 [--iin ...] [--sub ...] [--org ...] [--hours 12] (at most JWT_MAX_LIFETIME_SECONDS)
 * Mints a development token signed with the configured HS256 secret.
 */
function main() {
  const args = new Map<string, string>();
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || argv[i + 1] === undefined) throw new Error(`expected --name value pairs, got "${argv[i]}"`);
    args.set(argv[i].slice(2), argv[i + 1]);
  }
  const role = args.get('role');
  if (!role || !(ROLES as readonly string[]).includes(role)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
  const config = loadConfig();
  if (!config.jwt.secret) throw new Error('JWT_SECRET is not set: tokens for an RS256 deployment come from its identity provider');
  const claims: Record<string, string> = { role, sub: args.get('sub') ?? `dev-${role}` };
  for (const key of ['iin', 'bin', 'org']) if (args.get(key)) claims[key] = args.get(key)!;
  const hours = Number(args.get('hours') ?? 12);
  const maxHours = (config.jwt.maxLifetimeSeconds ?? 0) / 3600;
  // the gateway refuses a token that lives longer (JWT_MAX_LIFETIME_SECONDS)
  if (!(hours > 0) || hours > maxHours) throw new Error(`--hours must be more than 0 and at most ${maxHours} (JWT_MAX_LIFETIME_SECONDS)`);
  const options: jwt.SignOptions = { algorithm: 'HS256', expiresIn: hours * 3600 };
  if (config.jwt.issuer) options.issuer = config.jwt.issuer;
  if (config.jwt.audience) options.audience = config.jwt.audience;
  const token = jwt.sign(claims, config.jwt.secret, options);
  console.log(token);
}

try {
  main();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
