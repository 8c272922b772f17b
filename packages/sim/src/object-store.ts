import { randomUUID } from 'node:crypto';
import { apiVersionOf, kindNamed } from './kinds';

/** An object as the simulator keeps and serves it. */
export interface SimObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: Array<{ apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }>;
    managedFields?: Array<Record<string, unknown>>;
    [field: string]: unknown;
  };
  [field: string]: unknown;
}

export type SimEventType = 'ADDED' | 'MODIFIED' | 'DELETED';
export interface StoreEvent {
  type: SimEventType;
  object: SimObject;
  /** The store version after this change. */
  version: number;
}
type Listener = (event: StoreEvent) => void;

/** Changes kept for watches that resume from a resourceVersion; older ones get 410 Gone. */
const HISTORY = 20_000;

/** Objects by kind, with one resourceVersion counter for all, change history and listeners: what an etcd gives. */
export class ObjectStore {
  private version = 1;
  private readonly objects = new Map<string, Map<string, SimObject>>();
  private readonly history: StoreEvent[] = [];
  private readonly listeners = new Set<{ kind: string; listener: Listener }>();

  constructor(private readonly clock: () => Date = () => new Date()) {}

  get resourceVersion(): string {
    return String(this.version);
  }

  private bucket(kind: string) {
    let map = this.objects.get(kind);
    if (!map) {
      map = new Map();
      this.objects.set(kind, map);
    }
    return map;
  }

  get(kind: string, namespace: string | undefined, name: string): SimObject | undefined {
    return this.bucket(kind).get(key(namespace, name));
  }

  /** Sorted by namespace, then name: stable pages for `limit`/`continue`. */
  list(kind: string, namespace?: string): SimObject[] {
    const all = [...this.bucket(kind).values()].filter((o) => !namespace || o.metadata.namespace === namespace);
    return all.sort((a, b) =>
      key(a.metadata.namespace, a.metadata.name).localeCompare(key(b.metadata.namespace, b.metadata.name)),
    );
  }

  /** Creates or replaces; keeps uid and creation time of an existing object. Returns the stored object. */
  put(object: SimObject): SimObject {
    const bucket = this.bucket(object.kind);
    const id = key(object.metadata.namespace, object.metadata.name);
    const existing = bucket.get(id);
    const info = kindNamed(object.kind);
    this.version++;
    const stored: SimObject = {
      ...object,
      apiVersion: info ? apiVersionOf(info) : object.apiVersion,
      metadata: {
        ...object.metadata,
        uid: existing?.metadata.uid ?? object.metadata.uid ?? randomUUID(),
        creationTimestamp: existing?.metadata.creationTimestamp ?? object.metadata.creationTimestamp ?? this.now(),
        resourceVersion: String(this.version),
      },
    };
    bucket.set(id, stored);
    this.emit({ type: existing ? 'MODIFIED' : 'ADDED', object: stored, version: this.version });
    return stored;
  }

  /** Changes an existing object in place (a copy is stored); undefined when it does not exist. */
  update(kind: string, namespace: string | undefined, name: string, change: (o: SimObject) => SimObject) {
    const existing = this.get(kind, namespace, name);
    return existing ? this.put(change(structuredClone(existing))) : undefined;
  }

  remove(kind: string, namespace: string | undefined, name: string): boolean {
    const bucket = this.bucket(kind);
    const id = key(namespace, name);
    const existing = bucket.get(id);
    if (!existing) return false;
    bucket.delete(id);
    this.version++;
    const object = { ...existing, metadata: { ...existing.metadata, resourceVersion: String(this.version) } };
    this.emit({ type: 'DELETED', object, version: this.version });
    return true;
  }

  /** Changes of `kind` after `version`, or undefined when they are no longer kept (the watch must list again). */
  since(kind: string, version: number): StoreEvent[] | undefined {
    const oldest = this.history[0]?.version;
    if (oldest !== undefined && version < oldest - 1) return undefined;
    return this.history.filter((event) => event.object.kind === kind && event.version > version);
  }

  subscribe(kind: string, listener: Listener): () => void {
    const entry = { kind, listener };
    this.listeners.add(entry);
    return () => this.listeners.delete(entry);
  }

  now(): string {
    return this.clock()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
  }

  private emit(event: StoreEvent) {
    this.history.push(event);
    if (this.history.length > HISTORY) this.history.splice(0, this.history.length - HISTORY);
    for (const { kind, listener } of this.listeners) if (kind === event.object.kind) listener(event);
  }
}

function key(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}
