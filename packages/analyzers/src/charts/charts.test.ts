import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { analyzeRepo } from '../analyze-repo';
import { fixFindings } from '../fixes/fix-findings';
import { getPath } from '../parse/k8s-object';
import { dedent, repo } from '../test-support/repo';

/** Fixes every fixable finding; returns the findings, the outcome and the files after it. */
function fixAll(files: Map<string, string>) {
  const findings = analyzeRepo(files).filter((f) => f.fixable);
  const outcome = fixFindings(files, findings);
  if (outcome.kind !== 'fixed') throw new Error(outcome.reason);
  return { findings, outcome, after: new Map([...files, ...outcome.files]) };
}

const ids = (files: Map<string, string>, check: string) =>
  analyzeRepo(files)
    .filter((f) => f.check === check)
    .map((f) => [f.id, f.severity, f.fixable]);

/** An e-book library on app-template: a LinuxServer.io image, its database under /config on emptyDir. */
const library = `
  apiVersion: helm.toolkit.fluxcd.io/v2
  kind: HelmRelease
  metadata: {name: shelf, namespace: books}
  spec:
    chart:
      spec:
        chart: app-template
        version: 3.5.1
        sourceRef: {kind: HelmRepository, name: bjw-s, namespace: flux-system}
    values:
      controllers:
        shelf:
          containers:
            app:
              image:
                repository: lscr.io/linuxserver/calibre-web
                tag: 0.6.24
              env:
                PUID: "1000"
                PGID: "1000"
              resources:
                limits: {memory: 1Gi}
      persistence:
        # moved off the NAS while it is rebuilt
        config:
          type: emptyDir
          sizeLimit: 5Gi
          globalMounts:
            - path: /config
        cache:
          type: emptyDir
        books:
          type: nfs
          server: nas.home.lan
          path: /volume1/books
`;

describe('app-template values', () => {
  it('find the database on emptyDir and the container settings the chart leaves out', () => {
    const files = repo({ 'apps/shelf.yaml': library });
    expect(ids(files, 'emptydir-stateful-data')).toEqual([
      ['emptydir-stateful-data/HelmRelease/books/shelf/persistence.config', 'medium', true],
    ]);
    const caps = analyzeRepo(files).find((f) => f.check === 'capabilities-not-dropped');
    // Its init runs as root: dropping ALL, even with what the family needs added back, is left to a person.
    expect(caps).toMatchObject({ id: 'capabilities-not-dropped/HelmRelease/books/shelf/app', fixable: false });
    expect(caps?.message).toContain('CHOWN, SETUID, SETGID, DAC_OVERRIDE, FOWNER for this image');
    expect(caps?.message).toContain('Triad leaves this one to a person: it may run as root');
    expect(caps?.evidence).toMatchObject({
      imageFamily: 'linuxserver',
      needs: ['CHOWN', 'SETUID', 'SETGID', 'DAC_OVERRIDE', 'FOWNER'],
    });
    expect(ids(files, 'privilege-escalation-allowed')).toEqual([
      ['privilege-escalation-allowed/HelmRelease/books/shelf/app', 'low', true],
    ]);
    const root = analyzeRepo(files).find((f) => f.check === 'run-as-root-allowed');
    expect(root?.message).toContain('start their init as root and drop to PUID/PGID');
  });

  it("leave a family member that keeps nothing in the family's state path alone: an env-configured DNS updater", () => {
    const updater = library
      .replace('lscr.io/linuxserver/calibre-web', 'ghcr.io/hotio/cloudflareddns')
      .replace('tag: 0.6.24', 'tag: release-2024.11');
    expect(ids(repo({ 'apps/shelf.yaml': updater }), 'emptydir-stateful-data')).toEqual([]);
    // The family's apps still keep their database there.
    const reader = updater.replace('ghcr.io/hotio/cloudflareddns', 'ghcr.io/hotio/readarr');
    expect(ids(repo({ 'apps/shelf.yaml': reader }), 'emptydir-stateful-data')).toEqual([
      ['emptydir-stateful-data/HelmRelease/books/shelf/persistence.config', 'medium', true],
    ]);
  });

  it('are fixed in the values: a claim through the chart, and no privilege escalation for the root init', () => {
    const files = repo({ 'apps/shelf.yaml': library });
    const { after, findings } = fixAll(files);
    expect(findings.map((f) => f.check).sort()).toEqual(['emptydir-stateful-data', 'privilege-escalation-allowed']);
    const text = after.get('apps/shelf.yaml') ?? '';
    expect(text).toContain('# moved off the NAS while it is rebuilt');
    const values = getPath(parse(text), ['spec', 'values']);
    expect(getPath(values, ['persistence', 'config'])).toEqual({
      type: 'persistentVolumeClaim',
      globalMounts: [{ path: '/config' }],
      accessMode: 'ReadWriteOnce',
      size: '5Gi',
    });
    expect(getPath(values, ['persistence', 'cache'])).toEqual({ type: 'emptyDir' });
    expect(getPath(values, ['controllers', 'shelf', 'containers', 'app', 'securityContext'])).toEqual({
      allowPrivilegeEscalation: false,
    });
    expect(Object.keys(getPath(values, ['controllers', 'shelf', 'containers', 'app']) as object)).toEqual([
      'image',
      'env',
      'resources',
      'securityContext',
    ]);
    const left = analyzeRepo(after).filter((f) => f.fixable);
    expect(left).toEqual([]);
  });

  it('leave scratch space and config of unknown images on emptyDir alone, and claims of several replicas to a person', () => {
    const files = repo({
      'a.yaml': library
        .replace('lscr.io/linuxserver/calibre-web', 'ghcr.io/example/stateless-proxy')
        .replace('shelf:\n          containers', 'shelf:\n          replicas: 2\n          containers'),
      'b.yaml': library
        .replace('name: shelf,', 'name: pg,')
        .replace('lscr.io/linuxserver/calibre-web', 'docker.io/library/postgres')
        .replace('replicas: 1', '')
        .replace('- path: /config', '- path: /var/lib/postgresql/data')
        .replace('shelf:\n          containers', 'shelf:\n          replicas: 2\n          containers'),
    });
    expect(ids(files, 'emptydir-stateful-data')).toEqual([
      ['emptydir-stateful-data/HelmRelease/books/pg/persistence.config', 'medium', false],
    ]);
  });

  it('leave /config on emptyDir alone when the app keeps its database in PostgreSQL (a postgres-init, or __POSTGRES__HOST)', () => {
    const withInit = library.replace(
      'shelf:\n          containers',
      'shelf:\n          initContainers:\n            init-db:\n              image: {repository: ghcr.io/home-operations/postgres-init, tag: "17"}\n          containers',
    );
    const withEnv = library.replace(
      'PUID: "1000"',
      'SHELF__POSTGRES__HOST: shelf-db.books.svc\n                PUID: "1000"',
    );
    expect(withInit).not.toBe(library);
    expect(withEnv).not.toBe(library);
    expect(ids(repo({ 'a.yaml': withInit }), 'emptydir-stateful-data')).toEqual([]);
    expect(ids(repo({ 'a.yaml': withEnv }), 'emptydir-stateful-data')).toEqual([]);
    // Without either, the SQLite database under /config is lost on every reschedule.
    expect(ids(repo({ 'a.yaml': library }), 'emptydir-stateful-data')).toHaveLength(1);
  });

  it('leave a volume mounted into every container alone for a data image that keeps its data elsewhere', () => {
    const release = (mounts: string) => `
      apiVersion: helm.toolkit.fluxcd.io/v2
      kind: HelmRelease
      metadata: {name: photos, namespace: media}
      spec:
        chart: {spec: {chart: app-template, sourceRef: {kind: HelmRepository, name: bjw-s}}}
        values:
          controllers:
            web:
              containers:
                app: {image: {repository: ghcr.io/example/photos, tag: "2"}}
            kv:
              containers:
                app: {image: {repository: docker.io/valkey/valkey, tag: "8.0"}}
          persistence:
            fonts:
              type: emptyDir
              ${mounts}
    `;
    expect(ids(repo({ 'a.yaml': release('globalMounts: [{path: /config/fonts}]') }), 'emptydir-stateful-data')).toEqual(
      [],
    );
    // Where Valkey keeps its data, the same volume is its data.
    expect(ids(repo({ 'a.yaml': release('globalMounts: [{path: /data}]') }), 'emptydir-stateful-data')).toHaveLength(1);
  });

  it('read the database setting from a Secret the container takes whole (envFrom), one an ExternalSecret makes', () => {
    const withEnvFrom = library.replace(
      'PGID: "1000"',
      'PGID: "1000"\n              envFrom:\n                - secretRef: {name: shelf-settings}',
    );
    expect(withEnvFrom).not.toBe(library);
    const settings = (key: string) => `
      apiVersion: external-secrets.io/v1
      kind: ExternalSecret
      metadata: {name: shelf, namespace: books}
      spec:
        secretStoreRef: {kind: ClusterSecretStore, name: vault}
        target:
          name: shelf-settings
          template:
            data: {${key}: "{{ .value }}"}
        dataFrom: [{extract: {key: shelf}}]
    `;
    expect(
      ids(repo({ 'a.yaml': withEnvFrom, 'es.yaml': settings('SHELF__POSTGRES__HOST') }), 'emptydir-stateful-data'),
    ).toEqual([]);
    expect(
      ids(repo({ 'a.yaml': withEnvFrom, 'es.yaml': settings('SHELF__AUTH__APIKEY') }), 'emptydir-stateful-data'),
    ).toHaveLength(1);
  });

  it('read the chart behind a chartRef by its values, with defaultPodOptions and two controllers', () => {
    const files = repo({
      'hr.yaml': `
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata: {name: notes, namespace: apps}
        spec:
          chartRef: {kind: OCIRepository, name: notes}
          values:
            defaultPodOptions:
              securityContext: {runAsNonRoot: true, runAsUser: 568}
            controllers:
              web:
                containers:
                  app:
                    image: {repository: ghcr.io/example/notes, tag: 1.0.0}
                    securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
              worker:
                containers:
                  app:
                    image: {repository: ghcr.io/example/notes, tag: 1.0.0}
                    securityContext: {allowPrivilegeEscalation: false}
                    resources: {requests: {cpu: 10m}, limits: {memory: 256Mi}}
      `,
    });
    const found = analyzeRepo(files).map((f) => f.id);
    // app-template renders no resources of its own: the web container, which sets none, has no memory limit.
    expect(found).toEqual([
      'missing-resource-limits/HelmRelease/apps/notes/web.app',
      'capabilities-not-dropped/HelmRelease/apps/notes/worker.app',
    ]);
  });

  it("know a chartRef's chart by the OCIRepository it names: another chart of the same shape is not app-template", () => {
    const release = `
      apiVersion: helm.toolkit.fluxcd.io/v2
      kind: HelmRelease
      metadata: {name: widget, namespace: apps}
      spec:
        chartRef: {kind: OCIRepository, name: widget}
        values:
          controllers:
            main:
              containers:
                main:
                  image: {repository: ghcr.io/example/widget, tag: 1.4.0}
                  env: {LOG_LEVEL: debug}
    `;
    const source = (url: string) => `
      apiVersion: source.toolkit.fluxcd.io/v1
      kind: OCIRepository
      metadata: {name: widget, namespace: apps}
      spec: {interval: 1h, url: '${url}', ref: {tag: 1.4.0}}
    `;
    const found = (files: Record<string, string>) => analyzeRepo(repo(files)).map((f) => f.check);
    // A chart built on the same library, with hardening defaults of its own that Triad cannot see: nothing is claimed.
    expect(found({ 'hr.yaml': release, 'oci.yaml': source('oci://ghcr.io/example-org/charts/widget') })).toEqual([]);
    // The same values from app-template, which adds nothing: its containers are judged.
    const fromAppTemplate = found({
      'hr.yaml': release,
      'oci.yaml': source('oci://ghcr.io/bjw-s-labs/helm/app-template'),
    });
    expect(fromAppTemplate).toContain('run-as-root-allowed');
    // Where the repository does not show the source, the values' shape is all there is to go by.
    expect(found({ 'hr.yaml': release })).toEqual(fromAppTemplate);
  });

  /** A queue whose database controller sets its own pod securityContext and chowns its data as root first. */
  const queue = (strategy = '') => `
    apiVersion: helm.toolkit.fluxcd.io/v2
    kind: HelmRelease
    metadata: {name: queue, namespace: jobs}
    spec:
      chartRef: {kind: OCIRepository, name: app-template}
      values:
        ${strategy}
        defaultPodOptions:
          securityContext: {runAsNonRoot: true, runAsUser: 1000}
        controllers:
          db:
            pod:
              securityContext: {fsGroup: 999}
            initContainers:
              fix-perms:
                image: {repository: docker.io/library/busybox, tag: "1.37"}
                securityContext: {runAsUser: 0}
                resources: {limits: {memory: 32Mi}}
            containers:
              app:
                image: {repository: docker.io/library/postgres, tag: "17"}
                securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}, runAsUser: 999}
                resources: {limits: {memory: 512Mi}}
  `;
  const rootInit = (files: Map<string, string>) =>
    analyzeRepo(files).filter((f) => f.check === 'run-as-root-allowed' && f.id.endsWith('fix-perms'));

  it("replace defaultPodOptions with a controller's own pod options, key by key, as the chart does by default", () => {
    // The controller's securityContext replaces the default one whole: nothing asks for non-root, so the root init
    // container starts (it runs as root: reported as such, not as a pod that cannot start).
    const [overwritten] = rootInit(repo({ 'hr.yaml': queue() }));
    expect(overwritten?.message).not.toMatch(/CreateContainerConfigError|cannot start|will not start/);
    // With defaultPodOptionsStrategy: merge the default's runAsNonRoot stays, and the root init cannot start.
    const [merged] = rootInit(repo({ 'hr.yaml': queue('defaultPodOptionsStrategy: merge') }));
    expect(merged?.message).toMatch(/CreateContainerConfigError/);
  });

  it("give init containers the controller's default container options, replaced key by key unless merged", () => {
    const values = (controllerExtra: string) => `
      apiVersion: helm.toolkit.fluxcd.io/v2
      kind: HelmRelease
      metadata: {name: sync, namespace: apps}
      spec:
        chartRef: {kind: OCIRepository, name: app-template}
        values:
          controllers:
            sync:
              ${controllerExtra}
              defaultContainerOptions:
                securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}, runAsNonRoot: true, runAsUser: 1000}
                resources: {limits: {memory: 128Mi}}
              initContainers:
                prepare:
                  image: {repository: ghcr.io/example/prepare, tag: 1.0.0}
              containers:
                app:
                  image: {repository: ghcr.io/example/sync, tag: 1.0.0}
                  securityContext: {readOnlyRootFilesystem: true}
    `;
    // The init container gets the defaults: hardened, with a limit. The app's own securityContext replaces the
    // default one whole (overwrite): its capabilities are no longer dropped.
    expect(analyzeRepo(repo({ 'hr.yaml': values('') })).map((f) => f.id)).toEqual([
      'capabilities-not-dropped/HelmRelease/apps/sync/app',
      'privilege-escalation-allowed/HelmRelease/apps/sync/app',
      'run-as-root-allowed/HelmRelease/apps/sync/app',
    ]);
    // Merged, the app keeps the default's hardening and adds its own.
    expect(analyzeRepo(repo({ 'hr.yaml': values('defaultContainerOptionsStrategy: merge') }))).toEqual([]);
    // Told not to, the chart leaves the init container without the defaults.
    const bare = analyzeRepo(repo({ 'hr.yaml': values('applyDefaultContainerOptionsToInitContainers: false') }));
    expect(bare.map((f) => f.id)).toContain('missing-resource-limits/HelmRelease/apps/sync/prepare');
  });
});

describe('a GPU container on app-template', () => {
  const files = repo({
    'plugin.yaml': `
      apiVersion: helm.toolkit.fluxcd.io/v2
      kind: HelmRelease
      metadata: {name: intel-device-plugins-gpu, namespace: kube-system}
      spec:
        chart: {spec: {chart: intel-device-plugins-gpu}}
        values:
          nodeSelector: {intel.feature.node.kubernetes.io/gpu: "true"}
    `,
    'cams.yaml': `
      apiVersion: helm.toolkit.fluxcd.io/v2
      kind: HelmRelease
      metadata: {name: cams, namespace: home}
      spec:
        chart: {spec: {chart: app-template}}
        values:
          defaultPodOptions:
            securityContext: {runAsNonRoot: true, runAsUser: 1000}
          controllers:
            cams:
              containers:
                app:
                  image: {repository: ghcr.io/blakeblackshear/frigate, tag: "0.14.1"}
                  resources:
                    limits: {memory: 2Gi}
                  securityContext:
                    # needs the iGPU for ffmpeg
                    privileged: true
            recorder:
              containers:
                app:
                  image: {repository: ghcr.io/example/recorder, tag: "2"}
                  resources:
                    limits: {gpu.intel.com/i915: 1, memory: 1Gi}
                  securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
    `,
  });

  it('reports the privileged key in the chart values, fixable; a GPU request is left to the scheduler', () => {
    const found = analyzeRepo(files).map((f) => [f.id, f.fixable]);
    expect(found).toContainEqual(['privileged-container/HelmRelease/home/cams/cams.app', true]);
    expect(found.filter(([id]) => String(id).startsWith('gpu-request-without-node-capacity/'))).toEqual([]);
  });

  it('leaves privileged mode to a person when the values also mount another host device (a USB bus)', () => {
    const withUsb = new Map(files);
    withUsb.set(
      'cams.yaml',
      `${files.get('cams.yaml')}    persistence:\n      usb:\n        type: hostPath\n        hostPath: /dev/bus/usb\n        advancedMounts: {cams: {app: [{path: /dev/bus/usb}]}}\n`,
    );
    const privileged = analyzeRepo(withUsb).find((f) => f.check === 'privileged-container');
    expect(privileged).toMatchObject({ id: 'privileged-container/HelmRelease/home/cams/cams.app', fixable: false });
    expect(privileged?.message).toContain('it mounts /dev/bus/usb from the host');
  });

  it('fixes it in the values: the device instead of privileged mode, and nothing is left to fix', () => {
    const { after } = fixAll(files);
    const values = getPath(parse(after.get('cams.yaml') ?? ''), ['spec', 'values']);
    expect(getPath(values, ['controllers', 'cams', 'containers', 'app', 'securityContext'])).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
    expect(getPath(values, ['controllers', 'cams', 'containers', 'app', 'resources', 'limits'])).toEqual({
      memory: '2Gi',
      'gpu.intel.com/i915': '1',
    });
    // No pod is pinned: the scheduler places the device request where the plugin advertises it.
    expect(getPath(values, ['controllers', 'cams', 'pod'])).toBeUndefined();
    expect(analyzeRepo(after).filter((f) => f.fixable)).toEqual([]);
  });
});

describe('Grafana and kube-prometheus-stack values', () => {
  const grafana = (values: string) => `
    apiVersion: helm.toolkit.fluxcd.io/v2
    kind: HelmRelease
    metadata: {name: grafana, namespace: observability}
    spec:
      chart: {spec: {chart: grafana, sourceRef: {kind: HelmRepository, name: grafana}}}
      values:
${values}
  `;

  it('find Grafana keeping its SQLite database on emptyDir, and not when it uses another database', () => {
    const files = repo({
      'a.yaml': grafana(
        '        persistence:\n          enabled: false\n        sidecar: {dashboards: {enabled: true}}',
      ),
      'b.yaml': grafana(
        '        persistence: {enabled: false}\n        grafana.ini:\n          database: {type: postgres, host: pg:5432}',
      ).replace('name: grafana,', 'name: grafana-pg,'),
    });
    const found = analyzeRepo(files).filter((f) => f.check === 'emptydir-stateful-data');
    // Turned off in writing: a choice, reported, and left to its owner.
    expect(found.map((f) => [f.id, f.severity, f.fixable])).toEqual([
      ['emptydir-stateful-data/HelmRelease/observability/grafana/persistence', 'low', false],
    ]);
    expect(found[0]?.message).toContain('persistence.enabled: false is written in its values');
    expect(found[0]?.line).toBe(8);
    // Left at the chart's default, it is fixable.
    const unset = repo({ 'a.yaml': grafana('        sidecar: {dashboards: {enabled: true}}') });
    expect(
      analyzeRepo(unset)
        .filter((f) => f.check === 'emptydir-stateful-data')
        .map((f) => [f.fixable, f.message.includes('not set and defaults to false')]),
    ).toEqual([[true, true]]);
  });

  it('turn Grafana persistence on, keeping the order of the keys around it', () => {
    const files = repo({
      'a.yaml': grafana('        persistence:\n          type: pvc # for now\n        replicas: 1'),
      'pvc.yaml':
        'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: x, namespace: y}\nspec: {storageClassName: ceph-block}\n',
    });
    const { after } = fixAll(files);
    const values = getPath(parse(after.get('a.yaml') ?? ''), ['spec', 'values']);
    expect(getPath(values, ['persistence'])).toEqual({
      enabled: true,
      type: 'pvc',
      storageClassName: 'ceph-block',
      size: '10Gi',
    });
    // One replica on a ReadWriteOnce claim: upgrades stop the old pod first, or the new one waits on the volume.
    expect(Object.keys(values as object)).toEqual(['persistence', 'replicas', 'deploymentStrategy']);
    expect(getPath(values, ['deploymentStrategy'])).toEqual({ type: 'Recreate' });
    expect(after.get('a.yaml')).toContain('# for now');
    // A strategy the values already choose is theirs.
    const chosen = repo({
      'a.yaml': grafana('        persistence:\n          type: pvc\n        deploymentStrategy: {type: RollingUpdate}'),
    });
    const kept = getPath(parse(fixAll(chosen).after.get('a.yaml') ?? ''), ['spec', 'values', 'deploymentStrategy']);
    expect(kept).toEqual({ type: 'RollingUpdate' });
  });

  it('read the Grafana subchart of kube-prometheus-stack and the operator storage it leaves out', () => {
    const files = repo({
      'kps.yaml': `
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata: {name: kps, namespace: monitoring}
        spec:
          chart: {spec: {chart: kube-prometheus-stack}}
          values:
            alertmanager:
              alertmanagerSpec:
                storage:
                  volumeClaimTemplate: {spec: {resources: {requests: {storage: 1Gi}}}}
            prometheus:
              prometheusSpec:
                retentionSize: 45GB
            grafana:
              adminPassword: "\${GRAFANA_PASSWORD}"
      `,
    });
    const found = analyzeRepo(files).filter((f) => f.check === 'emptydir-stateful-data');
    expect(found.map((f) => [f.id, f.severity]).sort()).toEqual([
      ['emptydir-stateful-data/HelmRelease/monitoring/kps/grafana.persistence', 'low'],
      ['emptydir-stateful-data/HelmRelease/monitoring/kps/prometheus.prometheusSpec', 'medium'],
    ]);
    const { after } = fixAll(files);
    const values = getPath(parseAllDocuments(after.get('kps.yaml') ?? '')[0]?.toJS(), ['spec', 'values']);
    expect(getPath(values, ['prometheus', 'prometheusSpec', 'storageSpec', 'volumeClaimTemplate', 'spec'])).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '54Gi' } },
    });
    expect(getPath(values, ['grafana', 'persistence', 'enabled'])).toBe(true);
  });

  it('leave a Prometheus in agent mode alone: it keeps no time series, only what it has yet to send', () => {
    const release = (mode: string) =>
      repo({
        'kps.yaml': `
          apiVersion: helm.toolkit.fluxcd.io/v2
          kind: HelmRelease
          metadata: {name: kps, namespace: monitoring}
          spec:
            chart: {spec: {chart: kube-prometheus-stack}}
            values:
              alertmanager: {enabled: false}
              grafana: {enabled: false}
              prometheus:
                agentMode: ${mode}
                prometheusSpec:
                  remoteWrite: [{url: https://metrics.example.net/api/v1/write}]
        `,
      });
    const found = (mode: string) => analyzeRepo(release(mode)).filter((f) => f.check === 'emptydir-stateful-data');
    expect(found('true')).toEqual([]);
    expect(found('false')).toHaveLength(1);
  });
});

describe("a chart's own privileged switch", () => {
  /** Intel's GPU driver through a chartRef, its kubelet plugin switched to privileged. */
  const dra = `
    apiVersion: helm.toolkit.fluxcd.io/v2
    kind: HelmRelease
    metadata: {name: gpu-dra, namespace: kube-system}
    spec:
      chartRef: {kind: OCIRepository, name: intel-gpu-resource-driver}
      values:
        kubeletPlugin:
          privileged: true
  `;

  it('is reported on the key, as expected for a node driver, and left to a person', () => {
    const files = repo({
      'dra.yaml': dra,
      'off.yaml': `
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata: {name: gpu-dra-off, namespace: kube-system}
        spec:
          chart: {spec: {chart: intel-gpu-resource-driver}}
          values:
            kubeletPlugin: {privileged: false}
      `,
    });
    const found = analyzeRepo(files).filter((f) => f.check === 'privileged-container');
    expect(found.map((f) => [f.id, f.severity, f.fixable, f.line])).toEqual([
      ['privileged-container/HelmRelease/kube-system/gpu-dra/kubelet-plugin', 'medium', false, 8],
    ]);
    expect(found[0]?.message).toContain('(kubeletPlugin.privileged: true)');
  });

  it('is found when the chartRef names the chart and its OCIRepository publishes it under another name', () => {
    const files = repo({
      'dra.yaml': dra,
      'oci.yaml': `
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: OCIRepository
        metadata: {name: intel-gpu-resource-driver, namespace: kube-system}
        spec: {interval: 1h, url: oci://ghcr.io/example/drivers/gpu-driver-helm, ref: {tag: 0.9.0}}
      `,
    });
    expect(analyzeRepo(files).map((f) => f.id)).toContain(
      'privileged-container/HelmRelease/kube-system/gpu-dra/kubelet-plugin',
    );
  });
});

describe("an unknown chart's values read by shape", () => {
  const release = (extra: string) => `
    apiVersion: helm.toolkit.fluxcd.io/v2
    kind: HelmRelease
    metadata: {name: mailer, namespace: mail}
    spec:
      chart:
        spec: {chart: mailer, version: 5.0.0, sourceRef: {kind: HelmRepository, name: someone}}
      values:
        controllers:
          mailer:
            containers:
              app:
                image: {repository: ghcr.io/example/mailer, tag: 0.9.5}
${extra}
  `;
  const capabilityFindings = (extra: string) =>
    analyzeRepo(repo({ 'mail/mailer.yaml': release(extra) }))
      .filter((f) => f.check === 'dangerous-capabilities')
      .map((f) => f.id);

  it("take no controller for a container: a securityContext beside a controller's containers is rendered nowhere", () => {
    const controllerLevel = '            securityContext:\n              capabilities: {add: [SYS_ADMIN]}';
    expect(capabilityFindings(controllerLevel)).toEqual([]);
  });

  it("still read the container's own securityContext", () => {
    const containerLevel = '                securityContext:\n                  capabilities: {add: [SYS_ADMIN]}';
    expect(capabilityFindings(containerLevel)).toEqual(['dangerous-capabilities/HelmRelease/mail/mailer/app']);
  });
});

describe('a chart the repository holds', () => {
  const template = dedent(`
    apiVersion: apps/v1
    kind: Deployment
    spec:
      template:
        spec:
          securityContext:
            runAsUser: {{ .Values.app.securityContext.runAsUser | default 1000 }}
          initContainers:
          {{- range .Values.initContainers }}
            - name: {{ .name }}
              image: {{ .image }}
              securityContext:
                {{- if .securityContext.runAsUser }}
                runAsUser: {{ .securityContext.runAsUser }}
                {{- end }}
                {{- with .securityContext.capabilities }}
                capabilities: {{ toJson . }}
                {{- end }}
          {{- end }}
  `);
  const release = (chart: string, sourceKind: string, runAsUser: string) =>
    dedent(`
      apiVersion: helm.toolkit.fluxcd.io/v2
      kind: HelmRelease
      metadata: {name: torrents, namespace: media}
      spec:
        chart:
          spec:
            chart: ${chart}
            sourceRef: {kind: ${sourceKind}, name: flux-system, namespace: flux-system}
        values:
          initContainers:
            - name: vpn
              image: ghcr.io/example/vpn:1.0
              securityContext:
                runAsUser: ${runAsUser}
                privileged: true
                capabilities: {add: [NET_ADMIN]}
    `);
  const files = (chart: string, sourceKind: string, runAsUser = '0') =>
    repo({
      'charts/app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 0.1.0\n',
      'charts/app/templates/deployment.yaml': template,
      'apps/torrents/helmrelease.yaml': release(chart, sourceKind, runAsUser),
    });
  const judged = (found: ReturnType<typeof analyzeRepo>) =>
    found
      .filter((f) => ['privileged-container', 'run-as-root-allowed'].includes(f.check))
      .map((f) => [f.check, f.severity]);

  it('judges only what its templates render: no privileged key, and a 0 its if skips', () => {
    expect(judged(analyzeRepo(files('./charts/app', 'GitRepository')))).toEqual([]);
    // A root its templates do render is still reported.
    expect(judged(analyzeRepo(files('./charts/app', 'GitRepository', '"0"')))).toContainEqual([
      'run-as-root-allowed',
      'high',
    ]);
  });

  it('judges the same HelmRelease again when the chart’s templates change', () => {
    const before = files('./charts/app', 'GitRepository');
    expect(judged(analyzeRepo(before))).toEqual([]);
    // The next revision writes the init container's securityContext out whole: now its values are what runs.
    const after = new Map(before);
    after.set(
      'charts/app/templates/deployment.yaml',
      template.replace(
        /securityContext:\n(\s+)\{\{- if[\s\S]*?\{\{- end \}\}\n/,
        'securityContext: {{ toYaml .securityContext | nindent 16 }}\n',
      ),
    );
    expect(after.get('charts/app/templates/deployment.yaml')).toContain('toYaml .securityContext');
    expect(judged(analyzeRepo(after))).toContainEqual(['privileged-container', 'high']);
  });

  it('judges the values as written for a chart from elsewhere', () => {
    expect(judged(analyzeRepo(files('app', 'HelmRepository')))).toEqual(
      expect.arrayContaining([
        ['privileged-container', 'high'],
        ['run-as-root-allowed', 'high'],
      ]),
    );
  });
});
