import { imageFamily } from './image-families';

/** Mount paths and volume names that say "this holds data worth keeping". */
const STATEFUL_PATH =
  /^\/(data|config|db|database|storage|srv|prometheus|loki|bitnami|var\/lib\/[^/]+|var\/opt\/[^/]+|opt\/[^/]+\/data|home\/[^/]+)(\/|$)/;
const STATEFUL_NAME = /^(data|db|database|storage|state|persistence|config|[\w-]+-(data|db|storage|state))$/;
/**
 * What is scratch space by its name: never stateful, whatever the path (a database image's `initdb.d` holds only the
 * scripts it runs on first start).
 */
const SCRATCH = /(cache|tmp|temp|scratch|transcode|run|socket|sock|shm|logs?|buffer|spool|initdb)/i;
/** Certificates a server is handed (MinIO's `/.minio/certs`): files put there at start, not its data. */
const CERTIFICATES = /(^|[/._-])(certs?|tls)([/._-]|$)/i;
/** Images whose whole point is to keep data. */
const DATA_IMAGES =
  /(^|\/)(postgres|postgresql|mysql|mariadb|mongo|mongodb|redis|valkey|influxdb|clickhouse|elasticsearch|opensearch|prometheus|loki|minio|etcd|cassandra|couchdb|rabbitmq|nats|qdrant|weaviate|meilisearch)(:|@|$)/;

/**
 * Images whose data directory is a cache they fill again from elsewhere: Flux's source-controller (artifacts, built
 * again from the sources) and image-reflector-controller (tags, scanned again from the registries). Flux ships both
 * on emptyDir.
 */
const CACHE_IMAGES = /(^|\/)fluxcd\/(source|image-reflector)-controller(:|@|$)/;

/** True when an emptyDir volume mounted at `mountPath` (named `volume`, in a container of `image`) holds state. */
export function looksStateful(volume: string, mountPath: string, image: string): boolean {
  if (SCRATCH.test(volume) || SCRATCH.test(mountPath) || CERTIFICATES.test(mountPath)) return false;
  if (CACHE_IMAGES.test(image.toLowerCase())) return false;
  if (STATEFUL_PATH.test(mountPath) || STATEFUL_NAME.test(volume)) return true;
  return DATA_IMAGES.test(image.toLowerCase()) && mountPath !== '/';
}

/** Where data images keep their files: `/data`, `/bitnami/…`, `/var/lib/<store>`, `/prometheus`. */
const DATA_PATH = /^\/(data|bitnami|var\/lib\/[^/]+|prometheus|loki|db|storage)(\/|$)/;

/** Where databases keep their files, whatever the image. */
const DATABASE_PATH =
  /^\/(var\/lib\/(postgresql|pgsql|mysql|mariadb|mongodb|redis|influxdb|grafana|clickhouse|elasticsearch|rabbitmq)|bitnami\/[^/]+|data\/db|prometheus)(\/|$)/;

/**
 * What an ephemeral volume mounted at `mountPath` holds, when it is an app's database or state; stricter than
 * `looksStateful` (a `/config` only counts for images whose family keeps its database there), since chart values
 * often put scratch config on emptyDir on purpose. `externalDatabase`: the app keeps its database elsewhere.
 */
export function appStateAt(
  volume: string,
  mountPath: string,
  image: string,
  options: { externalDatabase?: boolean; shared?: boolean } = {},
): string | undefined {
  if (SCRATCH.test(volume) || SCRATCH.test(mountPath) || mountPath === '/' || mountPath === '') return undefined;
  if (CERTIFICATES.test(mountPath)) return undefined;
  if (/(^|\/)etc(\/|$)/.test(mountPath)) return undefined;
  if (DATABASE_PATH.test(mountPath)) return `the database files in ${mountPath}`;
  const reference = image.toLowerCase();
  // A volume mounted into every container of the release (app-template's `globalMounts`) is a data image's only where
  // such images keep their data; elsewhere it is another container's (an app's font cache beside its Valkey).
  if (DATA_IMAGES.test(reference) && (!options.shared || DATA_PATH.test(mountPath)))
    return `the data of ${image.replace(/@.*$/, '')}`;
  const family = imageFamily(reference);
  // An app told to keep its database in PostgreSQL keeps only what it writes again at start in its state path.
  if (family?.stateless?.test(reference)) return undefined;
  if (!options.externalDatabase && family?.statePaths?.some((p) => mountPath === p))
    return `the app's settings and database (${family.name} images keep them in ${mountPath})`;
  return undefined;
}

/** Key-value servers that keep their data on disk only when told to (snapshots, an append-only file). */
const KEY_VALUE_SERVERS = /(^|\/)(redis|valkey|keydb)(:|@|$)/;
const PROMETHEUS = /(^|\/)prometheus(:|@|$)/;

/**
 * True when a server is told on its command line to keep nothing worth a volume: a Redis-style server with `--save ""`
 * (no snapshots) and without `--appendonly yes`, whose data directory is then a cache that starts empty by design;
 * or Prometheus in agent mode (`--agent`, or `--enable-feature=agent` before Prometheus 3), which keeps only the
 * write-ahead log of samples it has not yet sent to remote storage.
 */
export function keepsNothingOnDisk(image: string, container: Record<string, unknown>): boolean {
  const reference = image.toLowerCase();
  const prometheus = PROMETHEUS.test(reference);
  if (!KEY_VALUE_SERVERS.test(reference) && !prometheus) return false;
  const words = [container.command, container.args]
    .flatMap((list) => (Array.isArray(list) ? list : typeof list === 'string' ? [list] : []))
    .flatMap((item) => (typeof item === 'string' && /\s/.test(item.trim()) ? item.trim().split(/\s+/) : [String(item)]))
    .map((word) => word.replace(/^(["'])(.*)\1$/, '$2'));
  const option = (name: string): string | undefined => {
    const at = words.findIndex((word) => word === `--${name}` || word.startsWith(`--${name}=`));
    if (at < 0) return undefined;
    const word = words[at]!;
    return word.includes('=')
      ? word.slice(word.indexOf('=') + 1).replace(/^(["'])(.*)\1$/, '$2')
      : (words[at + 1] ?? '');
  };
  if (prometheus) return words.includes('--agent') || (option('enable-feature') ?? '').split(',').includes('agent');
  return option('save') === '' && option('appendonly') !== 'yes';
}
