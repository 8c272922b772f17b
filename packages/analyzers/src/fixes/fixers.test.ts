import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { analyzeRepo } from '../analyze-repo';
import { getPath } from '../parse/k8s-object';
import { dedent, repo, sopsSecret } from '../test-support/repo';
import { fixFindings } from './fix-findings';

/** Fixes every fixable finding of `files`; returns the outcome and the files after it. */
function fixAll(files: Map<string, string>) {
  const findings = analyzeRepo(files).filter((f) => f.fixable);
  const outcome = fixFindings(files, findings);
  if (outcome.kind !== 'fixed') throw new Error(outcome.reason);
  return { findings, outcome, after: new Map([...files, ...outcome.files]) };
}

const statefulSet = (env: string, extra = '') =>
  dedent(`
    apiVersion: apps/v1
    kind: StatefulSet
    metadata: {name: db, namespace: data}
    spec:
      template:
        spec:
          securityContext: {runAsUser: 999}
          containers:
            - name: pg
              image: postgres:16
              envFrom: [{secretRef: {name: ${extra || 'none'}}}]
              env:
  `) + dedent(env).replace(/^(?=.)/gm, '            ');

describe('container hardening', () => {
  it('sets allowPrivilegeEscalation: false, drops ALL while keeping added capabilities, and runAsNonRoot where the UID is set', () => {
    const files = repo({
      'a.yaml': dedent(`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: app, namespace: ns}
        spec:
          template:
            spec:
              securityContext: {runAsUser: 1000}
              initContainers:
                - {name: init, image: x, resources: {limits: {memory: 1Gi}}}
              containers:
                - name: app
                  image: x
                  # ping needs it
                  securityContext: {capabilities: {add: [NET_RAW]}}
                  resources: {limits: {memory: 1Gi}}
      `),
    });
    const { findings, outcome, after } = fixAll(files);
    expect(findings.map((f) => f.check).sort()).toEqual([
      'capabilities-not-dropped',
      'capabilities-not-dropped',
      'privilege-escalation-allowed',
      'privilege-escalation-allowed',
      'run-as-root-allowed',
      'run-as-root-allowed',
    ]);
    const spec = (parse(after.get('a.yaml')!) as { spec: { template: { spec: Record<string, unknown> } } }).spec
      .template.spec;
    expect(spec.securityContext).toEqual({ runAsUser: 1000, runAsNonRoot: true });
    expect((spec.containers as { securityContext: unknown }[])[0]?.securityContext).toEqual({
      capabilities: { add: ['NET_RAW'], drop: ['ALL'] },
      allowPrivilegeEscalation: false,
    });
    expect(after.get('a.yaml')).toContain('# ping needs it');
    expect(analyzeRepo(after).filter((f) => f.check !== 'dangerous-capabilities')).toEqual([]);
    expect(outcome.commitMessage.split('\n')[0]).toBe('fix(security): harden the securityContext of Deployment ns/app');
  });
});

describe('container hardening, as a reviewer reads the diff', () => {
  /**
   * A Deployment `ns/app`: a non-root pod with a container `app` that needs hardening, then `rest` (written at the
   * level of the pod spec's keys: `  - name:` continues the containers).
   */
  const deployment = (rest: string) =>
    dedent(`
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: app, namespace: ns}
      spec:
        template:
          spec:
            securityContext: {runAsNonRoot: true}
            containers:
              - name: app
                image: x
                resources: {limits: {memory: 1Gi}}
    `) + rest.replace(/^(?=.)/gm, '      ');

  /** The fixed text of the only file, and that every line of the file before is still there, in order. */
  const fixedKeepingEveryLine = (text: string): string => {
    const changed = fixAll(repo({ 'a.yaml': text })).after.get('a.yaml')!;
    const kept = changed.split('\n');
    let at = 0;
    for (const line of text.split('\n')) {
      at = kept.indexOf(line, at);
      expect(at, line).toBeGreaterThanOrEqual(0);
      at += 1;
    }
    return changed;
  };

  it('changes no line it did not mean to: the blank line before a commented-out entry stays', () => {
    // A real homelab's HelmRelease ends its containers with a commented-out sidecar; an edit to another container
    // showed the blank line before it removed.
    const changed = fixedKeepingEveryLine(
      deployment(
        [
          '  - name: done',
          '    image: y',
          '    securityContext:',
          '      allowPrivilegeEscalation: false',
          '      capabilities:',
          '        drop:',
          '          - ALL',
          '    resources: {limits: {memory: 1Gi}}',
          '',
          '  # - name: later',
          '  #   image: z',
          '',
        ].join('\n'),
      ),
    );
    expect(changed).toMatch(/resources: \{limits: \{memory: 1Gi\}\}\n\n *# - name: later/);
  });

  it('writes a file mode it did not touch back as it was: 0400 is octal to Kubernetes, 400 would be 0620', () => {
    // Seen on a real homelab: a fix elsewhere in the document rewrote `defaultMode: 0400` as `defaultMode: 400`.
    const text = deployment(
      dedent(`
        volumes:
          - name: config
            secret: {secretName: app, defaultMode: 0400}
          - name: scripts
            configMap:
              name: scripts
              defaultMode: 0755
      `),
    );
    const changed = fixAll(repo({ 'a.yaml': text })).after.get('a.yaml')!;
    expect(changed).toContain('allowPrivilegeEscalation: false');
    expect(changed).toContain('secret: {secretName: app, defaultMode: 0400}');
    expect(changed).toContain('defaultMode: 0755');
  });

  it('keeps a folded single-quoted string and a \\n escape as written, even right before the lines it adds', () => {
    const changed = fixedKeepingEveryLine(
      deployment(
        [
          '    env:',
          '      - name: PREFIX',
          '        value: "Instruct: answer briefly\\nQuery: "',
          '      - name: OPTIONS',
          `        value: '{"headers":{"User-Agent": "Mozilla/5.0 (X11;`,
          `          Linux x86_64)"}}'`,
          '',
        ].join('\n'),
      ),
    );
    expect(changed).toContain('allowPrivilegeEscalation: false');
  });

  it('writes the new lines where they belong and keeps the blank line before the comment after them', () => {
    const changed = fixAll(repo({ 'a.yaml': deployment('\n  # - name: later\n') })).after.get('a.yaml')!;
    expect(changed).toMatch(/allowPrivilegeEscalation: false\n\n *# - name: later\n$/);
  });
});

describe('container hardening of a DNS server', () => {
  it('keeps NET_BIND_SERVICE when it drops ALL from CoreDNS, which serves on port 53', () => {
    // A VPN pod of our own making whose CoreDNS sidecar answers on :53 (seen in a real homelab's HelmRelease).
    const files = repo({
      'dns.yaml': dedent(`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: vpn, namespace: ns}
        spec:
          template:
            spec:
              containers:
                - name: dns
                  image: mirror.gcr.io/coredns/coredns:1.14.7
                  args: [-conf, /etc/coredns/Corefile]
                  resources: {limits: {memory: 128Mi}}
      `),
    });
    const { after } = fixAll(files);
    const container = parse(after.get('dns.yaml')!).spec.template.spec.containers[0];
    expect(container.securityContext.capabilities).toEqual({ add: ['NET_BIND_SERVICE'], drop: ['ALL'] });
  });
});

describe('hardcoded-credential', () => {
  it('reads the key from the SOPS Secret the pod already uses, and says a person must add it with sops', () => {
    const files = repo({
      'db.yaml': statefulSet('- {name: POSTGRES_PASSWORD, value: "pg-Secret-42"}', 'db-secrets'),
      'secret.sops.yaml': sopsSecret('data', 'db-secrets'),
    });
    const { outcome, after } = fixAll(files);
    const text = after.get('db.yaml')!;
    expect(text).not.toContain('pg-Secret-42');
    expect(parse(text).spec.template.spec.containers[0].env).toEqual([
      { name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-secrets', key: 'POSTGRES_PASSWORD' } } },
    ]);
    expect([...outcome.files.keys()]).toEqual(['db.yaml']);
    expect(outcome.humanSteps).toEqual([
      'add POSTGRES_PASSWORD to secret.sops.yaml with `sops secret.sops.yaml`, with a new value: the old one stays in Git history at db.yaml (POSTGRES_PASSWORD at line 13), so rotate it (Triad could not encrypt it: the repository has no .sops.yaml, so it names no age recipient for db-secret.sops.yaml)',
    ]);
    expect(outcome.commitMessage).toContain('Before this change reconciles, a person must:');
  });

  it('otherwise appends a placeholder Secret with no value, marked sops-pending', () => {
    const files = repo({
      'db.yaml': statefulSet('- {name: POSTGRES_PASSWORD, value: "pg-Secret-42"}\n- {name: TZ, value: UTC}'),
    });
    const { after } = fixAll(files);
    const docs = parseAllDocuments(after.get('db.yaml')!) as unknown as { toJS(): Record<string, unknown> }[];
    expect(docs).toHaveLength(2);
    expect(docs[1]?.toJS()).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 'db-credentials',
        namespace: 'data',
        annotations: { 'triad.dev/sops-pending': 'POSTGRES_PASSWORD' },
      },
      type: 'Opaque',
    });
    expect(after.get('db.yaml')).not.toContain('pg-Secret-42');
    expect(analyzeRepo(after).filter((f) => ['hardcoded-credential', 'plaintext-secret'].includes(f.check))).toEqual(
      [],
    );
  });
});

describe('emptydir-stateful-data', () => {
  it('turns the volume into a claim declared in the same file, with the repo’s storage class and the size limit, and an ADR', () => {
    const files = repo({
      'db.yaml': dedent(`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: influx, namespace: metrics}
        spec:
          template:
            spec:
              containers:
                - name: influx
                  image: influxdb:2
                  volumeMounts: [{name: data, mountPath: /var/lib/influxdb2}]
              volumes:
                - name: data
                  emptyDir: {sizeLimit: 8Gi}
      `),
      'pvc.yaml':
        'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: x, namespace: y}\nspec: {storageClassName: longhorn}\n',
    });
    const findings = analyzeRepo(files).filter((f) => f.check === 'emptydir-stateful-data');
    const outcome = fixFindings(files, findings);
    if (outcome.kind !== 'fixed') throw new Error(outcome.reason);
    const docs = parseAllDocuments(outcome.files.get('db.yaml')!) as unknown as { toJS(): Record<string, unknown> }[];
    expect(getPath(docs[0]?.toJS(), ['spec', 'template', 'spec', 'volumes'])).toEqual([
      { name: 'data', persistentVolumeClaim: { claimName: 'influx-data' } },
    ]);
    expect(docs[1]?.toJS()).toEqual({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'influx-data', namespace: 'metrics' },
      spec: {
        storageClassName: 'longhorn',
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: '8Gi' } },
      },
    });
    expect(outcome.adr?.title).toBe('Keep the data of Deployment metrics/influx on a PersistentVolumeClaim');
  });
});

describe('unfixable findings', () => {
  it('are refused with the reason, and nothing is edited', () => {
    const files = repo({
      'a.yaml':
        'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {hostNetwork: true, containers: [{name: c, image: x}]}\n',
    });
    const findings = analyzeRepo(files).filter((f) => f.check === 'host-namespace');
    expect(fixFindings(files, findings)).toEqual({
      kind: 'unfixable',
      reason: 'host-namespace/Pod/_/p/network: no built-in fixer for host-namespace',
    });
  });
});
