import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createGitReader } from './git-reader';
import { createBareRemote } from './homelab-remote';
import { ObjectStore } from './object-store';
import { Reconciler } from './reconciler';
import { seedCluster } from './seed';

const run = promisify(execFile);
const who = ['-c', 'user.name=Test', '-c', 'user.email=test@example.org', '-c', 'commit.gpgsign=false'];

const SYNC = `apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata: {name: flux-system, namespace: flux-system}
spec: {interval: 1m, ref: {branch: main}, url: ssh://git@example.org/lab}
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: flux-system, namespace: flux-system}
spec: {interval: 10m, path: ./clusters/lab, prune: true, sourceRef: {kind: GitRepository, name: flux-system}}
`;
const APPS = `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: apps, namespace: flux-system}
spec: {interval: 10m, path: ./apps, prune: true, wait: true, sourceRef: {kind: GitRepository, name: flux-system}}
`;
/** A LinuxServer.io media server; `capabilities` is its securityContext's. */
const mediaServer = (capabilities: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: player, namespace: default}
spec:
  replicas: 1
  selector: {matchLabels: {app: player}}
  template:
    metadata: {labels: {app: player}}
    spec:
      containers:
        - name: player
          image: lscr.io/linuxserver/jellyfin:10.10.3
          env: [{name: PUID, value: "1000"}, {name: PGID, value: "1000"}]
          securityContext: {allowPrivilegeEscalation: false, capabilities: ${capabilities}}
`;

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function write(root: string, files: Record<string, string>) {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
}

describe('a Kustomization that waits for its workloads', () => {
  it('fails its health check at the revision whose pod crash-loops, and is Ready at the one that runs', async () => {
    const source = await mkdtemp(join(tmpdir(), 'triad-sim-health-'));
    dirs.push(source);
    await write(source, {
      'clusters/lab/flux-system/gotk-sync.yaml': SYNC,
      'clusters/lab/apps.yaml': APPS,
      'apps/player.yaml': mediaServer('{drop: [ALL]}'),
    });
    const { dir, remote } = await createBareRemote(source);
    dirs.push(dir);
    const store = new ObjectStore();
    seedCluster(store);
    const reconciler = new Reconciler({
      store,
      git: createGitReader(remote, 'main'),
      branch: 'main',
      systemWorkloads: [],
    });
    const apps = () => store.get('Kustomization', 'flux-system', 'apps')?.status as Record<string, unknown>;
    const ready = () => (apps().conditions as Array<Record<string, string>>)[0];

    await reconciler.settled();
    const first = (await run('git', ['-C', remote, 'rev-parse', 'main'])).stdout.trim();
    expect(ready()).toMatchObject({ status: 'False', reason: 'HealthCheckFailed' });
    expect(ready()?.message).toContain("Deployment/default/player status: 'InProgress'");
    expect(ready()?.message).toContain('CrashLoopBackOff');
    expect(apps().lastAttemptedRevision).toBe(`main@sha1:${first}`);

    const work = join(dir, 'work');
    await run('git', ['clone', '-q', remote, work]);
    await write(work, {
      'apps/player.yaml': mediaServer('{drop: [ALL], add: [CHOWN, SETUID, SETGID, DAC_OVERRIDE, FOWNER]}'),
    });
    await run('git', ['-C', work, ...who, 'commit', '-qam', 'add back what the init needs']);
    await run('git', ['-C', work, 'push', '-q', 'origin', 'main']);
    await reconciler.settled();
    const second = (await run('git', ['-C', remote, 'rev-parse', 'main'])).stdout.trim();
    expect(ready()).toMatchObject({ status: 'True', reason: 'ReconciliationSucceeded' });
    expect(apps().lastAppliedRevision).toBe(`main@sha1:${second}`);
    await reconciler.stop();
  });
});
