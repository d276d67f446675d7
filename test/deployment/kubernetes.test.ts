import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../platform/paths';

// deploy/kubernetes/ read as the cluster would take it (kubectl apply -k): every object of every file.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = require('js-yaml') as { loadAll(text: string): unknown[] };

const DIR = path.join(repoRoot(), 'deploy', 'kubernetes');
type K8s = { apiVersion: string; kind: string; metadata: { name: string; labels?: Record<string, string> }; spec: any; data?: Record<string, string> };
const objects = readdirSync(DIR).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
  .flatMap((f) => yaml.loadAll(readFileSync(path.join(DIR, f), 'utf8')) as K8s[]).filter(Boolean);
const kustomization = yaml.loadAll(readFileSync(path.join(DIR, 'kustomization.yaml'), 'utf8'))[0] as { resources: string[]; secretGenerator: { name: string; files: string[] }[] };
const of = (kind: string) => objects.filter((o) => o.kind === kind);
const named = (kind: string, name: string) => of(kind).find((o) => o.metadata.name === name);

const SUBGRAPHS = { applications: 4001, documents: 4002, statuses: 4003, signatures: 4004 };
const SERVICES = { gateway: 4000, ...SUBGRAPHS };

describe('the Kubernetes manifests', () => {
  it('apply every file (kustomization lists each)', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
    expect([...kustomization.resources].sort()).toEqual(files.sort());
  });

  it.each(Object.entries(SERVICES))('run %s as a Deployment of two replicas, ready on /readyz and alive on /healthz, behind a Service', (name, port) => {
    const deployment = named('Deployment', name)!;
    expect(deployment.spec.replicas).toBe(2);
    const pod = deployment.spec.template.spec;
    const [container] = pod.containers;
    expect(container.ports).toEqual([{ name: 'http', containerPort: port }]);
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
    expect(deployment.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': name });
    expect(deployment.spec.template.metadata.labels['app.kubernetes.io/name']).toBe(name);
    expect(named('Service', name)!.spec.ports).toEqual([{ name: 'http', port, targetPort: 'http' }]);
  });

  it.each(Object.keys(SERVICES))('keep %s available through voluntary disruptions (a PodDisruptionBudget)', (name) => {
    const pdb = named('PodDisruptionBudget', name)!;
    expect(pdb.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': name });
    expect(pdb.spec.minAvailable).toBe(1);
  });

  it('take secrets from a Secret object, as files read through <VARIABLE>_FILE, never inline', () => {
    const generated = kustomization.secretGenerator.find((s) => s.name === 'qyzmet-secrets')!.files.map((f) => path.basename(f));
    for (const workload of [...of('Deployment'), ...of('Job')]) {
      const pod = workload.spec.template.spec;
      expect(pod.volumes).toEqual(expect.arrayContaining([{ name: 'secrets', secret: { secretName: 'qyzmet-secrets' } }]));
      for (const { name, value } of pod.containers[0].env) {
        expect([workload.metadata.name, name]).toEqual([workload.metadata.name, expect.stringMatching(/_FILE$/)]);
        expect(generated).toContain(path.basename(value));
      }
    }
    expect(of('Secret')).toEqual([]); // none with values in the repository
    const config = named('ConfigMap', 'qyzmet-config')!.data!;
    expect(Object.keys(config).filter((k) => /SECRET|TOKEN|PASSWORD|DATABASE_URL/.test(k))).toEqual([]);
    expect(config.NODE_ENV).toBe('production');
  });

  it('run the migrations as a Job', () => {
    const job = named('Job', 'qyzmet-migrate')!;
    expect(job.spec.template.spec.containers[0].command).toEqual(['node', 'dist/scripts/migrate.js', 'up']);
    expect(job.spec.template.spec.restartPolicy).toBe('OnFailure');
  });

  it('let only the gateway reach the subgraphs', () => {
    const [policy] = of('NetworkPolicy');
    expect(of('NetworkPolicy')).toHaveLength(1);
    expect(policy.spec.policyTypes).toEqual(['Ingress']);
    expect(policy.spec.ingress).toEqual([{ from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'gateway' } } }], ports: Object.values(SUBGRAPHS).map((port) => ({ port })) }]);
    // the policy selects every subgraph's pods, and not the gateway's
    const selected = of('Deployment').filter((d) => Object.entries(policy.spec.podSelector.matchLabels).every(([k, v]) => d.spec.template.metadata.labels[k] === v)).map((d) => d.metadata.name);
    expect(selected.sort()).toEqual(Object.keys(SUBGRAPHS).sort());
  });

  it('scale the gateway with a HorizontalPodAutoscaler, from two replicas up', () => {
    const [hpa] = of('HorizontalPodAutoscaler');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'gateway' });
    expect(hpa.spec.minReplicas).toBe(2);
    expect(hpa.spec.maxReplicas).toBeGreaterThan(2);
  });
});
