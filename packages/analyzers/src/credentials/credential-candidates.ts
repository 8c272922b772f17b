import { asRecord, getPath } from '../parse/k8s-object';
import { type CredentialMatch, credentialIn } from './credential-values';
import { looksLikeName } from './safe-value';

/** A credential-looking value inside one Kubernetes object. */
export interface CredentialCandidate extends CredentialMatch {
  /** Path of the scalar in the object (for an env list entry, its `value`). */
  path: (string | number)[];
  /** The key the value is stored under (for an env entry, its `name`), when it has one. */
  key: string | undefined;
}

/** Where each kind keeps configuration that could hold a literal credential, besides the env of its containers. */
const CONFIG_ROOTS: Record<string, readonly (readonly string[])[]> = {
  ConfigMap: [['data']],
  HelmRelease: [['spec', 'values']],
  ExternalSecret: [
    ['spec', 'target', 'template', 'data'],
    ['spec', 'target', 'template', 'stringData'],
  ],
  Kustomization: [['spec', 'postBuild', 'substitute']],
};

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

/** A map whose values name the keys of a Secret: `existingSecretKeys`, `secretKeys`, `passwordKeys`. */
const KEY_NAMES = /(secret|password|credential)s?keys$|^(secret)?keys?$/i;

/**
 * Every credential-looking value of a Kubernetes object: the env of every container at any depth (so pod templates
 * of kinds Triad does not know count too), ConfigMap data, HelmRelease values, ExternalSecret templates and Flux
 * substitutions. The analyzers' `hardcoded-credential` and the tool layer's guardrail both judge through this.
 * Secrets are not read (`plaintext-secret` judges them).
 */
export function credentialCandidates(object: unknown): CredentialCandidate[] {
  const record = asRecord(object);
  const kind = record?.kind;
  if (!record || typeof kind !== 'string' || kind === 'Secret') return [];
  const out: CredentialCandidate[] = [];
  const roots = CONFIG_ROOTS[kind] ?? [];
  for (const root of roots) walk(getPath(record, root), [...root], undefined, out);
  if (kind !== 'HelmRelease') containerEnvs(record, [], out);
  return out;
}

/** Scalars judged under their key; `{name, value}` list items (env entries) under their `name`. */
function walk(value: unknown, path: (string | number)[], key: string | undefined, out: CredentialCandidate[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      const entry = asRecord(item);
      if (entry && typeof entry.name === 'string' && 'value' in entry && !asRecord(entry.value)) {
        walk(entry.value, [...path, i, 'value'], entry.name, out);
      } else walk(item, [...path, i], undefined, out);
    });
    return;
  }
  const record = asRecord(value);
  if (record) {
    // A map of the keys to read from an existing Secret (`existingSecretKeys: {password: db-password}`) holds names.
    const names = key !== undefined && KEY_NAMES.test(key);
    // A chart reads the values of a map from the Secret its `existingSecret` names, not from the literals beside it
    // (Bitnami's `auth: {existingSecret: db, password: bogus-satisfy-upgrade}`): those reach no pod.
    const existing = record.existingSecret;
    const fromSecret = typeof existing === 'string' && existing.trim() !== '' && !existing.includes('${');
    for (const [k, child] of Object.entries(record)) {
      if (names && typeof child === 'string' && looksLikeName(child)) continue;
      if (fromSecret && (typeof child === 'string' || typeof child === 'number')) continue;
      walk(child, [...path, k], k, out);
    }
    return;
  }
  const match = credentialIn(key, value);
  if (match) out.push({ ...match, path, key });
}

function containerEnvs(value: unknown, path: (string | number)[], out: CredentialCandidate[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      containerEnvs(item, [...path, i], out);
    });
    return;
  }
  const record = asRecord(value);
  if (!record) return;
  for (const [key, child] of Object.entries(record)) {
    if (CONTAINER_LISTS.has(key) && Array.isArray(child)) {
      child.forEach((container, i) => {
        const env = asRecord(container)?.env;
        if (Array.isArray(env)) walk(env, [...path, key, i, 'env'], undefined, out);
      });
    } else containerEnvs(child, [...path, key], out);
  }
}
