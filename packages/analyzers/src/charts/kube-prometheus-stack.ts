import { asRecord, getPath } from '../parse/k8s-object';
import type { ChartDeclaration, ChartEphemeralStore } from './chart-declaration';

/**
 * kube-prometheus-stack: Prometheus and Alertmanager are rendered by the operator from `prometheusSpec` and
 * `alertmanagerSpec`, which keep their data on emptyDir unless `storageSpec` / `storage` claims a volume (an explicit
 * `storageSpec.emptyDir` is read by the emptydir check itself). Embeds the Grafana chart under `grafana`.
 */
export const kubePrometheusStack: ChartDeclaration = {
  names: ['kube-prometheus-stack'],
  rendersOnlyValues: false,
  containers: [],
  subcharts: { grafana: { chart: 'grafana', defaults: { sidecar: { dashboards: { enabled: true } } } } },
  ephemeralStores(values) {
    const out: ChartEphemeralStore[] = [];
    const prometheus = asRecord(getPath(values, ['prometheus', 'prometheusSpec'])) ?? {};
    // In agent mode Prometheus keeps no time series, only a short buffer of what it has yet to remote-write.
    const agent = getPath(values, ['prometheus', 'agentMode']) === true;
    if (getPath(values, ['prometheus', 'enabled']) !== false && !agent && prometheus.storageSpec === undefined) {
      out.push(
        store(
          ['prometheus', 'prometheusSpec'],
          'storageSpec',
          '/prometheus',
          'Prometheus time series',
          prometheus,
          'medium',
        ),
      );
    }
    const alertmanager = asRecord(getPath(values, ['alertmanager', 'alertmanagerSpec'])) ?? {};
    if (getPath(values, ['alertmanager', 'enabled']) !== false && alertmanager.storage === undefined) {
      out.push(
        store(
          ['alertmanager', 'alertmanagerSpec'],
          'storage',
          '/alertmanager',
          'Alertmanager silences and notification log',
          alertmanager,
          'low',
        ),
      );
    }
    return out;
  },
};

function store(
  path: string[],
  key: string,
  mountPath: string,
  holds: string,
  spec: Record<string, unknown>,
  severity: 'low' | 'medium',
): ChartEphemeralStore {
  return {
    path,
    name: `${path.join('.')}.${key}`,
    mountPath,
    holds,
    why: `${path.join('.')} sets no ${key}, so the operator uses emptyDir`,
    ...(typeof spec.retentionSize === 'string' ? { retentionSize: spec.retentionSize } : {}),
    claimable: true,
    severity,
    toClaim: (size, storageClass) => ({
      set: {
        [key]: {
          volumeClaimTemplate: {
            spec: {
              ...(storageClass ? { storageClassName: storageClass } : {}),
              accessModes: ['ReadWriteOnce'],
              resources: { requests: { storage: size } },
            },
          },
        },
      },
      remove: [],
    }),
  };
}
