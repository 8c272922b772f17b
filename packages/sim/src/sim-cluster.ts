import { type FSWatcher, watch } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiServer } from './api-server';
import { createGitReader } from './git-reader';
import { SIM_CONTEXT, writeKubeconfig } from './kubeconfig';
import { ObjectStore } from './object-store';
import { Reconciler } from './reconciler';
import type { LoggedRequest } from './request-log';
import { HOMELAB_NODES, type SimNodeSpec, SYSTEM_WORKLOADS, seedCluster } from './seed';

export interface SimClusterOptions {
  /** Path of the bare Git repository Flux reconciles from. */
  remote: string;
  branch?: string;
  /** Where the kubeconfig is written; a new temp dir when absent. */
  dir?: string;
  /** How often the remote's branch is checked besides file-system notifications (ms); default 500. */
  pollMs?: number;
  nodes?: readonly SimNodeSpec[];
  clock?: () => Date;
}

/** A running simulated k3s + Flux cluster. */
export interface SimCluster {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** A kubeconfig file whose current context (`triad-sim`) points at `url`. */
  kubeconfig: string;
  context: string;
  /** The objects, for tests and benches that shape the cluster directly. */
  store: ObjectStore;
  /** Every API request answered. */
  requests: LoggedRequest[];
  /** Resolves once Flux has reconciled the branch's current head. */
  settled(): Promise<void>;
  /** Sets `spec.suspend` on a Flux object, as `flux suspend` does. */
  suspend(kind: string, namespace: string, name: string): void;
  stop(): Promise<void>;
}

/**
 * Starts the simulator: a Kubernetes API subset on loopback that the real @kubernetes/client-node talks to unchanged,
 * seeded with examples/homelab's nodes, reconciling Flux from `remote`. A test and demo double: never a real cluster.
 */
export async function startSimCluster(options: SimClusterOptions): Promise<SimCluster> {
  const branch = options.branch ?? 'main';
  const store = new ObjectStore(options.clock);
  seedCluster(store, options.nodes ?? HOMELAB_NODES);
  const git = createGitReader(options.remote, branch);
  const reconciler = new Reconciler({ store, git, branch, systemWorkloads: SYSTEM_WORKLOADS });
  const server = await startApiServer({ store, onReconcileRequest: () => reconciler.trigger() });
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'triad-sim-')));
  const kubeconfig = join(dir, 'kubeconfig.yaml');
  await writeKubeconfig(kubeconfig, server.url);
  reconciler.trigger();
  const poll = setInterval(() => void reconciler.poll().catch(() => {}), options.pollMs ?? 500);
  poll.unref();
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(join(options.remote, 'refs', 'heads'), { persistent: false }, () => void reconciler.poll());
  } catch {
    watcher = undefined; // packed refs only: polling covers it
  }
  await reconciler.settled();
  return {
    url: server.url,
    kubeconfig,
    context: SIM_CONTEXT,
    store,
    requests: server.requests,
    settled: () => reconciler.settled(),
    suspend(kind, namespace, name) {
      store.update(kind, namespace, name, (o) => ({ ...o, spec: { ...(o.spec as object), suspend: true } }));
    },
    async stop() {
      clearInterval(poll);
      watcher?.close();
      await server.close();
      await reconciler.stop();
    },
  };
}
