// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Flux ${VAR} references are the subject of some tests
import { describe, expect, it } from 'vitest';
import { analyzeRepo } from '../analyze-repo';
import { dedent, fluxKustomization, repo } from '../test-support/repo';

const ABSENCE_CHECKS = ['capabilities-not-dropped', 'privilege-escalation-allowed', 'run-as-root-allowed'];

/** `check → container` of the three absence-based checks' findings, sorted. */
function absenceFindings(files: Record<string, string>): string[] {
  return analyzeRepo(repo(files))
    .filter((f) => ABSENCE_CHECKS.includes(f.check))
    .map((f) => `${f.check} ${f.resource?.name}/${String((f.evidence as { container?: string })?.container)}`)
    .sort();
}

/** A Deployment in `kiosk` with one container `c` (image `ledger`), the given service account and container lines. */
const deployment = (name: string, serviceAccount?: string, container = '') =>
  dedent(`
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: ${name}, namespace: kiosk}
    spec:
      template:
        spec:
  `) +
  (serviceAccount ? `      serviceAccountName: ${serviceAccount}\n` : '') +
  '      containers:\n        - name: c\n          image: ledger\n' +
  dedent(container).replace(/^(?=.)/gm, '          ');

/** A RoleBinding in `kiosk` of `system:openshift:scc:<scc>` to service account `account`. */
const sccBinding = (scc: string, account: string) =>
  dedent(`
    apiVersion: rbac.authorization.k8s.io/v1
    kind: RoleBinding
    metadata: {name: ${account}-${scc}, namespace: kiosk}
    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:openshift:scc:${scc}}
    subjects:
      - {kind: ServiceAccount, name: ${account}, namespace: kiosk}
  `);

const all = (name: string) => ABSENCE_CHECKS.map((check) => `${check} ${name}/c`);

describe('OpenShift SecurityContextConstraints', () => {
  it('leave a repository with no sign of OpenShift alone: what a pod leaves out is reported', () => {
    expect(absenceFindings({ 'apps.yaml': deployment('till') })).toEqual(all('till'));
  });

  it('supply drop ALL, no escalation and a non-root UID to a pod whose account has no grant (restricted-v2)', () => {
    const found = absenceFindings({
      'rbac.yaml': sccBinding('anyuid', 'stocker'),
      'granted.yaml': deployment('shelves', 'stocker'),
      'plain.yaml': deployment('till'),
      'named.yaml': deployment('scale', 'weigher'),
    });
    expect(found).toEqual(all('shelves'));
  });

  it('with nonroot only, refuse root but leave capabilities and escalation as the manifest has them', () => {
    const uid = 'securityContext: {runAsUser: 4321}\n';
    const nonroot = absenceFindings({
      'rbac.yaml': sccBinding('nonroot', 'stocker'),
      'apps.yaml': deployment('shelves', 'stocker', uid),
    });
    expect(nonroot).toEqual(['capabilities-not-dropped shelves/c', 'privilege-escalation-allowed shelves/c']);
    const anyuid = absenceFindings({
      'rbac.yaml': sccBinding('anyuid', 'stocker'),
      'apps.yaml': deployment('shelves', 'stocker', uid),
    });
    expect(anyuid).toEqual(all('shelves'));
  });

  it('still report what a manifest sets: privileged, root, escalation or a capability restricted-v2 refuses', () => {
    const found = analyzeRepo(
      repo({
        'rbac.yaml': sccBinding('anyuid', 'stocker'),
        'root.yaml': deployment('vault', undefined, 'securityContext: {runAsUser: 0}\n'),
        'escalates.yaml': deployment('lift', undefined, 'securityContext: {allowPrivilegeEscalation: true}\n'),
        'adds.yaml': deployment('sniff', undefined, 'securityContext: {capabilities: {add: [NET_RAW]}}\n'),
        'binds.yaml': deployment('door', undefined, 'securityContext: {capabilities: {add: [NET_BIND_SERVICE]}}\n'),
        'priv.yaml': deployment('forge', undefined, 'securityContext: {privileged: true}\n'),
      }),
    );
    const seen = found.map((f) => `${f.check} ${f.resource?.name} ${f.severity}`);
    expect(seen).toEqual(
      expect.arrayContaining([
        'run-as-root-allowed vault high',
        'privilege-escalation-allowed lift medium',
        'capabilities-not-dropped sniff medium',
        'privileged-container forge high',
      ]),
    );
    expect(seen.filter((s) => s.includes(' door ') && !s.startsWith('missing-resource-limits'))).toEqual([]);
  });

  it('read the grant from an SCC users list, a Role that may use it, or a service-account group', () => {
    const scc = dedent(`
      apiVersion: security.openshift.io/v1
      kind: SecurityContextConstraints
      metadata: {name: privileged}
      users: [system:serviceaccount:kiosk:listed]
    `);
    const role = dedent(`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata: {name: may-use-hostaccess, namespace: kiosk}
      rules:
        - {apiGroups: [security.openshift.io], resources: [securitycontextconstraints], verbs: [use], resourceNames: [hostaccess]}
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: ruled, namespace: kiosk}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: may-use-hostaccess}
      subjects: [{kind: ServiceAccount, name: ruled, namespace: kiosk}]
    `);
    const found = absenceFindings({
      'scc.yaml': scc,
      'role.yaml': role,
      'a.yaml': deployment('listed', 'listed'),
      'b.yaml': deployment('ruled', 'ruled'),
      'c.yaml': deployment('till'),
    });
    // hostaccess runs as a UID of the namespace's range: only root is ruled out.
    expect(found).toEqual(
      [...all('listed'), 'capabilities-not-dropped ruled/c', 'privilege-escalation-allowed ruled/c'].sort(),
    );
    const group = dedent(`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRoleBinding
      metadata: {name: every-account-in-kiosk}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:openshift:scc:anyuid}
      subjects: [{kind: Group, name: 'system:serviceaccounts:kiosk', apiGroup: rbac.authorization.k8s.io}]
    `);
    expect(absenceFindings({ 'group.yaml': group, 'c.yaml': deployment('till') })).toEqual(all('till'));
  });

  it('keep the findings when a grant cannot be read: a role the repository does not show, a bare Pod', () => {
    const vendor = dedent(`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: vendor, namespace: kiosk}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: vendor-operator}
      subjects: [{kind: ServiceAccount, name: stocker, namespace: kiosk}]
    `);
    const pod = dedent(`
      apiVersion: v1
      kind: Pod
      metadata: {name: probe, namespace: kiosk}
      spec:
        containers: [{name: c, image: ledger}]
    `);
    const found = absenceFindings({
      'signal.yaml': sccBinding('anyuid', 'other'),
      'vendor.yaml': vendor,
      'apps.yaml': deployment('shelves', 'stocker'),
      'pod.yaml': pod,
    });
    expect(found).toEqual([...all('probe'), ...all('shelves')].sort());
  });

  it("read app-template's rbac.bindings and service accounts, in the namespace Flux gives the release", () => {
    const release = (name: string, extra: string) =>
      dedent(`
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata: {name: ${name}}
        spec:
          chart: {spec: {chart: app-template, sourceRef: {kind: HelmRepository, name: charts}}}
          values:
            controllers:
              main:
                containers:
                  main: {image: {repository: ledger, tag: '1'}}
      `) + dedent(extra).replace(/^(?=.)/gm, '    ');
    const granted = release(
      'counter',
      `
      serviceAccount:
        default: {}
      rbac:
        bindings:
          scc:
            type: RoleBinding
            roleRef: {kind: ClusterRole, name: 'system:openshift:scc:privileged'}
            subjects: [{identifier: default}]
      `,
    );
    const ks = (name: string) =>
      fluxKustomization(
        name,
        `./apps/${name}`,
        `
        targetNamespace: till
        postBuild:
          substitute: {APP_NS: till}
        `,
      );
    const externalBinding = dedent(`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: drawer-scc}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:openshift:scc:anyuid}
      subjects: [{kind: ServiceAccount, name: drawer, namespace: '\${APP_NS}'}]
    `);
    const found = absenceFindings({
      'clusters/main/counter.yaml': ks('counter'),
      'clusters/main/receipt.yaml': ks('receipt'),
      'clusters/main/drawer.yaml': ks('drawer'),
      'apps/counter/release.yaml': granted,
      'apps/receipt/release.yaml': release('receipt', ''),
      'apps/drawer/release.yaml': release('drawer', 'serviceAccount:\n  default: {}\n'),
      'apps/drawer/rbac.yaml': externalBinding,
    });
    expect(found).toEqual([...all('counter'), ...all('drawer')].map((f) => f.replace('/c', '/main')).sort());
  });
});
