/** Mount paths and volume names that say "this holds data worth keeping". */
const STATEFUL_PATH =
  /^\/(data|config|db|database|storage|srv|prometheus|loki|bitnami|var\/lib\/[^/]+|var\/opt\/[^/]+|opt\/[^/]+\/data|home\/[^/]+)(\/|$)/;
const STATEFUL_NAME = /^(data|db|database|storage|state|persistence|config|[\w-]+-(data|db|storage|state))$/;
/** What is scratch space by its name: never stateful, whatever the path. */
const SCRATCH = /(cache|tmp|temp|scratch|transcode|run|socket|sock|shm|logs?|buffer|spool)/i;
/** Images whose whole point is to keep data. */
const DATA_IMAGES =
  /(^|\/)(postgres|postgresql|mysql|mariadb|mongo|mongodb|redis|valkey|influxdb|clickhouse|elasticsearch|opensearch|prometheus|loki|minio|etcd|cassandra|couchdb|rabbitmq|nats|qdrant|weaviate|meilisearch)(:|@|$)/;

/** True when an emptyDir volume mounted at `mountPath` (named `volume`, in a container of `image`) holds state. */
export function looksStateful(volume: string, mountPath: string, image: string): boolean {
  if (SCRATCH.test(volume) || SCRATCH.test(mountPath)) return false;
  if (STATEFUL_PATH.test(mountPath) || STATEFUL_NAME.test(volume)) return true;
  return DATA_IMAGES.test(image.toLowerCase()) && mountPath !== '/';
}
