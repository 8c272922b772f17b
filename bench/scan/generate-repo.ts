/**
 * A synthetic GitOps repository shaped like a large homelab fleet: `apps/<team>/<app>/` directories with a
 * kustomization.yaml, Deployments or StatefulSets (some privileged, some on emptyDir, some with literal credentials),
 * Services, ConfigMaps, HelmReleases and SOPS Secrets, and one Flux Kustomization per team under clusters/fleet.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

const TEAM_SIZE = 40;

function workload(team: number, app: number): string {
  const kind = app % 5 === 0 ? 'StatefulSet' : 'Deployment';
  const privileged = app % 17 === 0 ? '\n            privileged: true' : '';
  const env =
    app % 13 === 0 ? `\n          env:\n            - name: DB_PASSWORD\n              value: "s3cret-${app}"` : '';
  const volume = app % 11 === 0 ? 'emptyDir: {}' : `persistentVolumeClaim: {claimName: app-${app}}`;
  return `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: app-${app}
  namespace: team-${team}
  labels: {app.kubernetes.io/name: app-${app}}
spec:
  replicas: 1
  selector: {matchLabels: {app.kubernetes.io/name: app-${app}}}
  template:
    metadata: {labels: {app.kubernetes.io/name: app-${app}}}
    spec:
      securityContext: {runAsNonRoot: true, runAsUser: 1000}
      containers:
        - name: app
          image: ghcr.io/example/app-${app}:1.${app % 9}.0
          ports: [{name: http, containerPort: 8080}]${env}
          securityContext:
            allowPrivilegeEscalation: false
            capabilities: {drop: [ALL]}${privileged}
          resources:
            requests: {cpu: 50m, memory: 64Mi}
            limits: {memory: 256Mi}
          volumeMounts: [{name: data, mountPath: /data}]
      volumes:
        - name: data
          ${volume}
`;
}

const service = (team: number, app: number) => `apiVersion: v1
kind: Service
metadata: {name: app-${app}, namespace: team-${team}}
spec:
  selector: {app.kubernetes.io/name: app-${app}}
  ports: [{name: http, port: 80, targetPort: http}]
`;

const configMap = (team: number, app: number) => `apiVersion: v1
kind: ConfigMap
metadata: {name: app-${app}-config, namespace: team-${team}}
data:
  LOG_LEVEL: info
  PUBLIC_URL: https://app-${app}.\${CLUSTER_DOMAIN}
  config.yaml: |
    listen: 0.0.0.0:8080
    workers: ${1 + (app % 4)}
`;

const helmRelease = (team: number, app: number) => `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: app-${app}, namespace: team-${team}}
spec:
  interval: 30m
  chart: {spec: {chart: app-template, version: 3.5.1, sourceRef: {kind: HelmRepository, name: bjw-s, namespace: flux-system}}}
  values:
    controllers:
      main:
        containers:
          main:
            image: {repository: ghcr.io/example/app-${app}, tag: 1.0.0}
            securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true}
    persistence:
      data: {existingClaim: app-${app}}
`;

const sopsSecret = (team: number, app: number) => `apiVersion: v1
kind: Secret
metadata: {name: app-${app}-secret, namespace: team-${team}}
stringData:
    token: ENC[AES256_GCM,data:q2Fz1w==,iv:8Gm0nN0m3M2x3Jw6b1o7oXqk1n2o3p4q5r6s7t8u9v0=,tag:3n2l0b6m5x2q1w0e9r8t7y==,type:str]
sops:
    age:
        - recipient: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p
    lastmodified: "2024-11-02T21:07:44Z"
    mac: ENC[AES256_GCM,data:cGxhY2Vob2xkZXI=,iv:aXY=,tag:dGFn,type:str]
    version: 3.9.1
`;

const KINDS = [workload, service, configMap, helmRelease, sopsSecret];

/** Writes `manifests` manifest files (plus kustomization.yaml files and Flux Kustomizations) under `root`. */
export async function generateRepo(root: string, manifests: number): Promise<number> {
  const files = new Map<string, string>();
  const apps = Math.ceil(manifests / KINDS.length);
  const teams = Math.ceil(apps / TEAM_SIZE);
  for (let app = 0; app < apps; app++) {
    const team = Math.floor(app / TEAM_SIZE);
    const dir = `apps/team-${team}/app-${app}`;
    const names = KINDS.map((make, k) => {
      const name = ['workload', 'service', 'configmap', 'helmrelease', 'secret.sops'][k]!;
      files.set(`${dir}/${name}.yaml`, make(team, app));
      return `${name}.yaml`;
    });
    files.set(
      `${dir}/kustomization.yaml`,
      `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${names.map((n) => `  - ${n}`).join('\n')}\n`,
    );
  }
  for (let team = 0; team < teams; team++) {
    const members = Array.from({ length: TEAM_SIZE }, (_, i) => team * TEAM_SIZE + i).filter((a) => a < apps);
    files.set(
      `apps/team-${team}/kustomization.yaml`,
      `resources:\n${members.map((a) => `  - ./app-${a}`).join('\n')}\n`,
    );
    const decryption = team % 3 === 0 ? '' : '\n  decryption: {provider: sops, secretRef: {name: sops-age}}';
    files.set(
      `clusters/fleet/team-${team}.yaml`,
      `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: team-${team}, namespace: flux-system}\nspec:\n  interval: 10m\n  path: ./apps/team-${team}\n  prune: true\n  sourceRef: {kind: GitRepository, name: flux-system}${decryption}\n  postBuild:\n    substituteFrom: [{kind: ConfigMap, name: cluster-settings}]\n`,
    );
  }
  files.set(
    'clusters/fleet/cluster-settings.yaml',
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cluster-settings, namespace: flux-system}\ndata: {CLUSTER_DOMAIN: example.net}\n',
  );
  for (const [path, text] of files) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
  return files.size;
}
