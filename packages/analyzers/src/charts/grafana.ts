import { asRecord, getPath } from '../parse/k8s-object';
import type { ChartDeclaration } from './chart-declaration';

const EXTERNAL_DATABASE_ENV = /^GF_DATABASE_(TYPE|URL|HOST)$/;

/**
 * The Grafana chart (grafana/helm-charts, also kube-prometheus-stack's `grafana`): one container whose pod-level
 * `securityContext` and `containerSecurityContext` the chart fills with safe defaults; `persistence.enabled` (false by
 * default) decides whether its SQLite database in /var/lib/grafana outlives the pod.
 */
export const grafana: ChartDeclaration = {
  names: ['grafana'],
  rendersOnlyValues: false,
  containers: [],
  ephemeralStores(values) {
    const persistence = asRecord(values.persistence);
    if (persistence?.enabled === true || usesExternalDatabase(values)) return [];
    const sidecar = getPath(values, ['sidecar', 'dashboards', 'enabled']) === true;
    const provisioned = sidecar || asRecord(values.dashboards) !== undefined;
    // `enabled: false` written out is a choice (often a Grafana provisioned from Git and signed into through SSO): the
    // finding stays, the claim is for its owner to make.
    const turnedOff = persistence?.enabled === false;
    return [
      {
        path: ['persistence'],
        name: 'persistence',
        mountPath: '/var/lib/grafana',
        holds: `Grafana's SQLite database (users, API keys, preferences, alert state${provisioned ? '' : ', dashboards'})`,
        why: turnedOff
          ? 'persistence.enabled: false is written in its values, which reads as a choice, so Triad leaves the claim to a person'
          : 'persistence.enabled is not set and defaults to false',
        claimable: !turnedOff && !(typeof values.replicas === 'number' && values.replicas > 1),
        severity: provisioned ? 'low' : 'medium',
        // One replica on a ReadWriteOnce claim: the chart's RollingUpdate would start the new pod before the old one
        // lets the volume go, and an upgrade waits on a multi-attach for ever. Recreate stops the old one first.
        toClaim: (size, storageClass) => ({
          set: { enabled: true, type: 'pvc', ...(storageClass ? { storageClassName: storageClass } : {}), size },
          remove: [],
          beside: { deploymentStrategy: { type: 'Recreate' } },
        }),
      },
    ];
  },
};

/** A database other than the default SQLite, set in `grafana.ini` or the env; env from Secrets may set one too. */
function usesExternalDatabase(values: Record<string, unknown>): boolean {
  const database = asRecord(getPath(values, ['grafana.ini', 'database']));
  if (database && ((database.type !== undefined && database.type !== 'sqlite3') || database.url !== undefined))
    return true;
  const env = asRecord(values.env) ?? {};
  if (Object.keys(env).some((key) => EXTERNAL_DATABASE_ENV.test(key))) return true;
  return ['envFromSecret', 'envFromSecrets', 'envFromConfigMaps', 'envValueFrom'].some((key) => {
    const value = values[key];
    return Array.isArray(value) ? value.length > 0 : Boolean(value);
  });
}
