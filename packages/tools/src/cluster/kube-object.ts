/** Metadata every object carries; timestamps are ISO strings or Dates, depending on how the client decoded them. */
export interface KubeMetadata {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: Array<{ kind: string; name: string; controller?: boolean }>;
  creationTimestamp?: string | Date;
}

/** An object as the API returns it: the port does not interpret it, the snapshot mappers do. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: KubeMetadata;
  spec?: unknown;
  status?: unknown;
  [field: string]: unknown;
}

/** What the port returns for a Secret: its metadata, and nothing else. */
export interface SecretObject {
  kind: 'Secret';
  metadata: Pick<KubeMetadata, 'name' | 'namespace' | 'labels' | 'resourceVersion' | 'creationTimestamp' | 'uid'>;
}

/** Names one object; `namespace` is ignored for cluster-scoped kinds. */
export interface ObjectRef {
  namespace?: string;
  name: string;
}
