import { describe, expect, it } from 'vitest';
import { analyzeRepo } from '../analyze-repo';
import { dedent, repo } from '../test-support/repo';

const byCheck = (files: Map<string, string>, check: string) => analyzeRepo(files).filter((f) => f.check === check);

const workload = (kind: string, podSpec: string, replicas = 1) =>
  dedent(`
    apiVersion: apps/v1
    kind: ${kind}
    metadata: {name: app, namespace: ns}
    spec:
      replicas: ${replicas}
      template:
        spec:
  `) + dedent(podSpec).replace(/^(?=.)/gm, '      ');

describe('emptydir-stateful-data', () => {
  it('passes a config an init container renders at every start, and a database image’s initdb.d', () => {
    const rendered = workload(
      'Deployment',
      `
      initContainers:
        - name: render
          image: alpine:3
          command: [sh, -c, "envsubst < /template/app.yaml > /rendered/app.yaml"]
          volumeMounts: [{name: template, mountPath: /template}, {name: rendered, mountPath: /rendered}]
      containers:
        - name: chat
          image: example/chat:1
          volumeMounts: [{name: rendered, mountPath: /config}]
        - name: db
          image: mariadb:11
          volumeMounts: [{name: scripts, mountPath: /docker-entrypoint-initdb.d}]
      volumes:
        - {name: template, configMap: {name: chat-template}}
        - {name: rendered, emptyDir: {}}
        - {name: scripts, emptyDir: {}}
    `,
    );
    expect(byCheck(repo({ 'a.yaml': rendered }), 'emptydir-stateful-data')).toEqual([]);
    // The same volume an init container only chowns is still the app's.
    const chowned = rendered.replace('{name: template, mountPath: /template}, ', '');
    expect(byCheck(repo({ 'a.yaml': chowned }), 'emptydir-stateful-data').map((f) => f.evidence?.volume)).toEqual([
      'rendered',
    ]);
  });

  it('passes a volume the pod fills anew at every start: a git-sync clone, app code an init container copies whole', () => {
    const synced = workload(
      'Deployment',
      `
      containers:
        - name: web
          image: nginx:1.27
          volumeMounts: [{name: site, mountPath: /usr/share/nginx/html/data}]
        - name: sync
          image: registry.k8s.io/git-sync/git-sync:v4.2.1
          args: [--repo=https://git.example/site.git, --period=30s, --root=/data]
          volumeMounts: [{name: site, mountPath: /data}]
      volumes:
        - {name: site, emptyDir: {}}
    `,
    );
    expect(byCheck(repo({ 'a.yaml': synced }), 'emptydir-stateful-data')).toEqual([]);
    const copied = (command: string) =>
      workload(
        'Deployment',
        `
        initContainers:
          - name: copy-app
            image: example/invoices:5
            command: [sh, -c, "${command}"]
            volumeMounts: [{name: app, mountPath: /mnt/app}]
        containers:
          - name: app
            image: example/invoices:5
            volumeMounts: [{name: app, mountPath: /data}]
        volumes:
          - {name: app, emptyDir: {}}
      `,
      );
    expect(byCheck(repo({ 'a.yaml': copied('cp -a /var/www/app/. /mnt/app/') }), 'emptydir-stateful-data')).toEqual([]);
    // Seeding only what is missing keeps what the app wrote: that is data.
    for (const seeding of ['cp -rn /defaults/. /mnt/app/', 'rsync -a --ignore-existing /defaults/ /mnt/app/']) {
      expect(byCheck(repo({ 'a.yaml': copied(seeding) }), 'emptydir-stateful-data'), seeding).toHaveLength(1);
    }
  });

  it('passes a volume its owner says is ephemeral, in a comment on it', () => {
    const app = (comment: string) =>
      workload(
        'Deployment',
        `
        containers:
          - name: app
            image: example/search:2
            volumeMounts: [{name: data, mountPath: /var/lib/search}]
        volumes:
          ${comment}
          - name: data
            emptyDir: {}
      `,
      );
    expect(
      byCheck(repo({ 'a.yaml': app('# fresh config on each restart, for privacy') }), 'emptydir-stateful-data'),
    ).toEqual([]);
    expect(byCheck(repo({ 'a.yaml': app('# ephemeral by design') }), 'emptydir-stateful-data')).toEqual([]);
    expect(byCheck(repo({ 'a.yaml': app('# the index') }), 'emptydir-stateful-data')).toHaveLength(1);
    // Said where the container mounts it.
    const mounted = workload(
      'Deployment',
      `
      containers:
        - name: app
          image: example/search:2
          volumeMounts:
            - {name: config, mountPath: /etc/search}
            # writable dirs under a read-only root; emptyDir keeps them ephemeral
            - {name: data, mountPath: /var/lib/search}
      volumes:
        - {name: config, configMap: {name: search}}
        - {name: data, emptyDir: {}}
    `,
    );
    expect(byCheck(repo({ 'a.yaml': mounted }), 'emptydir-stateful-data')).toEqual([]);
  });

  it('does not claim a volume for a workload an autoscaler runs several pods of', () => {
    const app = workload(
      'Deployment',
      'containers: [{name: web, image: example/web:1, volumeMounts: [{name: data, mountPath: /data}]}]\nvolumes: [{name: data, emptyDir: {}}]',
    );
    const hpa =
      'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web, namespace: ns}\nspec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: app}, minReplicas: 2, maxReplicas: 4}\n';
    const fixable = (files: Record<string, string>) =>
      byCheck(repo(files), 'emptydir-stateful-data').map((f) => f.fixable);
    expect(fixable({ 'a.yaml': app })).toEqual([true]);
    expect(fixable({ 'a.yaml': app, 'hpa.yaml': hpa })).toEqual([false]);
  });

  const pod = `
    containers:
      - name: db
        image: postgres:16
        volumeMounts:
          - {name: pgdata, mountPath: /var/lib/postgresql/data}
          - {name: cache, mountPath: /cache}
          - {name: run, mountPath: /var/run/postgresql}
    volumes:
      - {name: pgdata, emptyDir: {sizeLimit: 5Gi}}
      - {name: cache, emptyDir: {}}
      - {name: run, emptyDir: {medium: Memory}}
  `;

  it('reports data paths on emptyDir, not caches or sockets; fixable for one replica only', () => {
    const [one] = byCheck(repo({ 'a.yaml': workload('Deployment', pod) }), 'emptydir-stateful-data');
    expect(one).toMatchObject({ id: 'emptydir-stateful-data/Deployment/ns/app/pgdata', fixable: true });
    expect(one?.evidence).toMatchObject({ mountPath: '/var/lib/postgresql/data', sizeLimit: '5Gi' });
    const [three] = byCheck(repo({ 'a.yaml': workload('Deployment', pod, 3) }), 'emptydir-stateful-data');
    expect(three?.fixable).toBe(false);
  });

  it("leaves Flux's own caches alone: source-controller's artifacts and image-reflector-controller's tags", () => {
    const controller = (image: string) => `
      containers:
        - name: manager
          image: ${image}
          volumeMounts: [{name: data, mountPath: /data}, {name: tmp, mountPath: /tmp}]
      volumes: [{name: data, emptyDir: {}}, {name: tmp, emptyDir: {}}]
    `;
    const found = (image: string) =>
      byCheck(repo({ 'a.yaml': workload('Deployment', controller(image)) }), 'emptydir-stateful-data');
    expect(found('ghcr.io/fluxcd/source-controller:v1.6.2')).toEqual([]);
    expect(found('ghcr.io/fluxcd/image-reflector-controller:v0.35.2')).toEqual([]);
    // Another app's /data on emptyDir is still its data.
    expect(found('ghcr.io/example/status-board:2.1.0')).toHaveLength(1);
  });

  it("leaves a data server's certificates alone: files handed to it at start, beside its data", () => {
    const store = (path: string) => `
      containers:
        - name: store
          image: quay.io/minio/minio:RELEASE.2025-01-01T00-00-00Z
          volumeMounts: [{name: files, mountPath: ${path}}]
      volumes: [{name: files, emptyDir: {}}]
    `;
    const found = (path: string) =>
      byCheck(repo({ 'a.yaml': workload('Deployment', store(path)) }), 'emptydir-stateful-data');
    expect(found('/root/.minio/certs')).toEqual([]);
    expect(found('/data')).toHaveLength(1);
  });

  it('leaves a volume kept in memory alone: nothing meant to last is put in RAM', () => {
    const broker = (emptyDir: string) => `
      initContainers:
        - name: write-config
          image: docker.io/library/busybox:1.37
          command: [sh, -c, "cp /secret/* /data/conf/"]
          volumeMounts: [{name: conf, mountPath: /data/conf}]
      containers:
        - name: broker
          image: docker.io/library/eclipse-mosquitto:2.0
          volumeMounts: [{name: conf, mountPath: /data/conf}]
      volumes: [{name: conf, emptyDir: ${emptyDir}}]
    `;
    const found = (emptyDir: string) =>
      byCheck(repo({ 'a.yaml': workload('Deployment', broker(emptyDir)) }), 'emptydir-stateful-data');
    expect(found('{medium: Memory}')).toEqual([]);
    expect(found('{}').length).toBeGreaterThan(0);
  });

  it('leaves a key-value cache alone when its command line keeps nothing on disk', () => {
    const cache = (args: string) => `
      containers:
        - name: cache
          image: docker.io/valkey/valkey:8.0
          args: ${args}
          volumeMounts: [{name: data, mountPath: /data}]
      volumes: [{name: data, emptyDir: {}}]
    `;
    const found = (args: string) =>
      byCheck(repo({ 'a.yaml': workload('Deployment', cache(args)) }), 'emptydir-stateful-data');
    expect(found('["--save", "", "--appendonly", "no"]')).toEqual([]);
    expect(found(`["--save ''"]`)).toEqual([]);
    // Snapshots on, or an append-only file: the data is meant to survive a restart.
    expect(found('["--save", "60 1"]')).toHaveLength(1);
    expect(found('["--save", "", "--appendonly", "yes"]')).toHaveLength(1);
    expect(found('[]')).toHaveLength(1);

    const release = (args: string) => `
      apiVersion: helm.toolkit.fluxcd.io/v2
      kind: HelmRelease
      metadata: {name: notes, namespace: apps}
      spec:
        chartRef: {kind: OCIRepository, name: app-template}
        values:
          controllers:
            notes:
              containers:
                cache:
                  image: {repository: docker.io/valkey/valkey, tag: "8.0"}
                  args: ${args}
          persistence:
            kv-store:
              type: emptyDir
              advancedMounts: {notes: {cache: [{path: /data}]}}
    `;
    const inValues = (args: string) => byCheck(repo({ 'hr.yaml': release(args) }), 'emptydir-stateful-data');
    expect(inValues('["--save", "", "--appendonly", "no"]')).toEqual([]);
    expect(inValues('["--appendonly", "yes"]')).toHaveLength(1);
  });

  it('leaves Prometheus in agent mode alone: it keeps only what it has not yet sent on', () => {
    const scraper = (args: string) => `
      containers:
        - name: scraper
          image: quay.io/prometheus/prometheus:v2.55.0
          args: ${args}
          volumeMounts: [{name: wal, mountPath: /prometheus}]
      volumes: [{name: wal, emptyDir: {}}]
    `;
    const found = (args: string) =>
      byCheck(repo({ 'a.yaml': workload('Deployment', scraper(args)) }), 'emptydir-stateful-data');
    expect(found('["--enable-feature=agent", "--storage.agent.path=/prometheus"]')).toEqual([]);
    expect(found('["--enable-feature=exemplar-storage,agent"]')).toEqual([]);
    expect(found('["--agent"]')).toEqual([]);
    // A server that keeps its time series is still told.
    expect(found('["--storage.tsdb.path=/prometheus", "--enable-feature=exemplar-storage"]')).toHaveLength(1);
  });

  it('leaves a Job, a CronJob and an app-template cronjob alone: a pod that runs to completion rebuilds its scratch', () => {
    const job = dedent(`
      apiVersion: batch/v1
      kind: Job
      metadata: {name: migrate, namespace: ns}
      spec:
        template:
          spec:
            initContainers:
              - {name: render, image: busybox, volumeMounts: [{name: config, mountPath: /config}]}
            containers:
              - name: run
                image: postgres:16
                volumeMounts: [{name: config, mountPath: /config/settings.yaml, subPath: settings.yaml, readOnly: true}]
            volumes: [{name: config, emptyDir: {}}]
    `);
    const cronJob = dedent(`
      apiVersion: batch/v1
      kind: CronJob
      metadata: {name: sync, namespace: ns}
      spec:
        schedule: "@daily"
        jobTemplate:
          spec:
            template:
              spec:
                containers:
                  - {name: sync, image: example/sync, volumeMounts: [{name: config, mountPath: /config}]}
                volumes: [{name: config, emptyDir: {}}]
    `);
    const release = dedent(`
      apiVersion: helm.toolkit.fluxcd.io/v2
      kind: HelmRelease
      metadata: {name: sync, namespace: ns}
      spec:
        chart: {spec: {chart: app-template, sourceRef: {kind: HelmRepository, name: bjw-s}}}
        values:
          controllers:
            sync:
              type: cronjob
              containers:
                app: {image: {repository: postgres, tag: "16"}}
          persistence:
            data: {type: emptyDir, globalMounts: [{path: /var/lib/postgresql/data}]}
    `);
    const files = repo({ 'job.yaml': job, 'cron.yaml': cronJob, 'hr.yaml': release });
    expect(byCheck(files, 'emptydir-stateful-data')).toEqual([]);
    // The same volume on a Deployment's database is still reported.
    const deployment = job.replace('batch/v1', 'apps/v1').replace('kind: Job', 'kind: Deployment');
    expect(byCheck(repo({ 'job.yaml': deployment }), 'emptydir-stateful-data')).toHaveLength(1);
    const server = release.replace('type: cronjob', 'type: deployment');
    expect(byCheck(repo({ 'hr.yaml': server }), 'emptydir-stateful-data')).toHaveLength(1);
  });

  it('reads prometheus-operator storageSpec in HelmRelease values', () => {
    const files = repo({
      'hr.yaml': dedent(`
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata: {name: kps, namespace: monitoring}
        spec:
          values:
            prometheus:
              prometheusSpec:
                retentionSize: 18GB
                storageSpec: {emptyDir: {sizeLimit: 20Gi}}
            alertmanager:
              alertmanagerSpec:
                storage: {volumeClaimTemplate: {spec: {resources: {requests: {storage: 1Gi}}}}}
      `),
    });
    expect(byCheck(files, 'emptydir-stateful-data').map((f) => [f.id, f.fixable])).toEqual([
      ['emptydir-stateful-data/HelmRelease/monitoring/kps/prometheus.prometheusSpec', true],
    ]);
  });
});

describe('missing-resource-limits', () => {
  it('asks for a memory limit, not a CPU limit', () => {
    const files = repo({
      'a.yaml': workload(
        'Deployment',
        `
        containers:
          - {name: ok, image: x, resources: {requests: {cpu: 1m}, limits: {memory: 1Gi}}}
          - {name: nolimit, image: x, resources: {requests: {cpu: 1m}, limits: {cpu: "1"}}}
          - {name: nothing, image: x}
      `,
      ),
    });
    const found = byCheck(files, 'missing-resource-limits');
    expect(found.map((f) => f.evidence?.container)).toEqual(['nolimit', 'nothing']);
    expect(found[1]?.message).toContain('no resource requests');
  });
});

describe('gpu-request-without-node-capacity', () => {
  const plugin = dedent(`
    apiVersion: helm.toolkit.fluxcd.io/v2
    kind: HelmRelease
    metadata: {name: nvidia-device-plugin, namespace: kube-system}
    spec:
      chart: {spec: {chart: nvidia-device-plugin}}
      values:
        nodeSelector: {nvidia.com/gpu.present: "true"}
  `);
  const gpuPod = (placement: string) => `
    ${placement}
    containers:
      - {name: llm, image: x, resources: {limits: {nvidia.com/gpu: 2}}}
  `;

  it('says nothing from the repo alone: the scheduler places a GPU request only where the plugin advertises it', () => {
    // A device plugin confined to labelled nodes is no reason to pin the pod: nodes without the resource never fit it.
    const unpinned = repo({ 'p.yaml': plugin, 'a.yaml': workload('Deployment', gpuPod('')) });
    expect(byCheck(unpinned, 'gpu-request-without-node-capacity')).toEqual([]);
  });

  it('with a cluster: no node that fits the nodeSelector has enough allocatable', () => {
    const files = repo({ 'a.yaml': workload('Deployment', gpuPod('nodeSelector: {zone: attic}')) });
    const node = (name: string, gpus: number, labels: Record<string, string>) => ({
      metadata: { name, labels },
      status: { allocatable: { 'nvidia.com/gpu': String(gpus) } },
    });
    const cluster = (nodes: unknown[]) => ({
      nodes,
      pods: [],
      persistentVolumeClaims: [],
      kustomizations: [],
      helmReleases: [],
    });
    const check = (nodes: unknown[]) =>
      analyzeRepo(files, { cluster: cluster(nodes) }).filter((f) => f.check === 'gpu-request-without-node-capacity');
    expect(check([node('k3s3', 4, { zone: 'attic' })])).toEqual([]);
    expect(check([node('k3s3', 1, { zone: 'attic' })])[0]?.message).toContain('at most 1, on k3s3');
    expect(check([node('k3s3', 4, { zone: 'cellar' })])[0]?.message).toContain('nodeSelector keeps it off k3s3');
  });
});
