import { createHash } from 'node:crypto';
import type { SimObject } from '@triad/sim';

/** The same six problems at every size; only the replica counts grow. */
const PROBLEMS = [
  {
    app: 'api',
    waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container=api' },
    restarts: 42,
    last: 'Error',
  },
  {
    app: 'worker',
    waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container=worker' },
    restarts: 17,
    last: 'OOMKilled',
  },
  { app: 'billing', waiting: { reason: 'CreateContainerConfigError', message: 'secret "billing-db" not found' } },
  {
    app: 'search',
    waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "registry.local/search:2.3.1"' },
  },
  { app: 'trainer', pending: 'Unschedulable', message: '0/3 nodes are available: 3 Insufficient nvidia.com/gpu.' },
  {
    app: 'cache',
    waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container=cache' },
    restarts: 9,
    last: 'Error',
  },
] as const;

const NAMESPACES = ['shop', 'data', 'ml', 'web', 'ops'];
const HEALTHY_APPS = 20;

/** `count` pods: 10% with one of the six problems, the rest healthy, spread over deployments in five namespaces. */
export function syntheticPods(count: number): SimObject[] {
  const pods: SimObject[] = [];
  const problems = Math.max(PROBLEMS.length, Math.round(count * 0.1));
  for (let i = 0; i < count; i++) {
    const problem = i < problems ? PROBLEMS[i % PROBLEMS.length] : undefined;
    const app = problem ? problem.app : `svc-${i % HEALTHY_APPS}`;
    const namespace = problem ? 'shop' : (NAMESPACES[i % NAMESPACES.length] ?? 'web');
    const hash = createHash('sha1').update(app).digest('hex').slice(0, 10);
    const name = `${app}-${hash}-${i.toString(36).padStart(5, '0')}`;
    const waiting = problem && 'waiting' in problem ? problem.waiting : undefined;
    pods.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace,
        labels: { app, 'pod-template-hash': hash, 'triad-sim/static': 'true' },
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${app}-${hash}`, uid: hash, controller: true },
        ],
      },
      spec: {
        nodeName: problem && 'pending' in problem ? undefined : `k3s${(i % 3) + 1}`,
        containers: [
          {
            name: app,
            image: `registry.local/${app}:1.${i % 7}.0`,
            resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
            securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ['ALL'] } },
          },
        ],
      },
      status: {
        phase: problem && ('pending' in problem || waiting?.reason !== 'CrashLoopBackOff') ? 'Pending' : 'Running',
        conditions:
          problem && 'pending' in problem
            ? [{ type: 'PodScheduled', status: 'False', reason: problem.pending, message: problem.message }]
            : [{ type: 'Ready', status: problem ? 'False' : 'True' }],
        containerStatuses:
          problem && 'pending' in problem
            ? []
            : [
                {
                  name: app,
                  ready: !problem,
                  restartCount: problem && 'restarts' in problem ? problem.restarts : 0,
                  state: waiting ? { waiting } : { running: { startedAt: '2026-01-01T00:00:00Z' } },
                  ...(problem && 'last' in problem
                    ? { lastState: { terminated: { reason: problem.last, exitCode: 1 } } }
                    : {}),
                },
              ],
      },
    });
  }
  return pods;
}
