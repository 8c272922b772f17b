import { privatePemBlocks } from '@triad/analyzers';
import { isPlainObject, joinItem, joinKey, type ManifestDoc, objectLabel } from '../changes';
import { isCredentialKey, isSafeCredentialValue } from './credential-key';
import { highEntropyTokens } from './entropy';
import type { ParsedEdit } from './parsed-edit';
import type { Refusal } from './refusal';

/** A value that looks like a credential, and where it sits. The value never goes into a message. */
interface Candidate {
  /** Human location, e.g. `Deployment media/app env DB_PASSWORD`. */
  where: string;
  value: string;
}

const CONFIG_LINE = /^\s*["']?([\w.-]+)["']?\s*[:=]\s*["']?([^"'\s#]+)/;

function scanString(where: string, key: string | undefined, value: string, out: Candidate[]): void {
  if (key !== undefined && isCredentialKey(key) && !isSafeCredentialValue(value)) out.push({ where, value });
  for (const token of highEntropyTokens(value)) out.push({ where, value: token });
  if (!value.includes('\n')) return;
  for (const line of value.split('\n')) {
    const match = CONFIG_LINE.exec(line);
    if (match && isCredentialKey(match[1]!) && !isSafeCredentialValue(match[2])) {
      out.push({ where: `${where} (line setting ${match[1]})`, value: match[2]! });
    }
  }
}

/** Walks any value: credential-named keys with literal scalars, generated-looking strings, and `env` lists. */
function scanTree(label: string, path: string, value: unknown, out: Candidate[], key?: string): void {
  if (typeof value === 'string' || typeof value === 'number') {
    scanString(`${label} ${path}`, key, String(value), out);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => {
      const name = isPlainObject(item) && typeof item.name === 'string' ? item.name : undefined;
      if (name !== undefined && 'value' in item) {
        // An env entry: the credential's name is its `name`.
        scanString(`${label} ${joinItem(path, name)}`, name, String(item.value ?? ''), out);
        return;
      }
      scanTree(label, joinItem(path, name ?? i), item, out);
    });
  } else if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) scanTree(label, joinKey(path, k), v, out, k);
  }
}

function envLists(value: unknown, path: string, label: string, out: Candidate[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      envLists(item, joinItem(path, i), label, out);
    });
  }
  if (!isPlainObject(value)) return;
  for (const [k, v] of Object.entries(value)) {
    if (k === 'containers' || k === 'initContainers' || k === 'ephemeralContainers') {
      for (const c of Array.isArray(v) ? v : []) {
        if (!isPlainObject(c) || !Array.isArray(c.env)) continue;
        const container = typeof c.name === 'string' ? c.name : '?';
        scanTree(label, joinKey(joinItem(joinKey(path, k), container), 'env'), c.env, out);
      }
    } else envLists(v, joinKey(path, k), label, out);
  }
}

/** Credential-looking values of one object, in the places manifests hold configuration. */
export function credentialCandidates(doc: ManifestDoc): Candidate[] {
  const out: Candidate[] = [];
  const label = objectLabel(doc);
  const value = isPlainObject(doc.value) ? doc.value : {};
  const spec = isPlainObject(value.spec) ? value.spec : {};
  envLists(value, '', label, out);
  if (doc.kind === 'ConfigMap') scanTree(label, 'data', value.data, out);
  if (doc.kind === 'HelmRelease') scanTree(label, 'spec.values', spec.values, out);
  if (doc.kind === 'Kustomization' && isPlainObject(spec.postBuild)) {
    scanTree(label, 'spec.postBuild.substitute', spec.postBuild.substitute, out);
  }
  return out;
}

/**
 * `credential-literal`: credentials newly written into env values, ConfigMap data, HelmRelease values or Flux
 * substitutions, and private PEM blocks in any file. A value the files already held before the edits does not count.
 */
export function checkCredentialLiterals(parsed: readonly ParsedEdit[]): Refusal[] {
  const known = new Set<string>();
  for (const p of parsed) {
    for (const doc of p.before ?? []) for (const c of credentialCandidates(doc)) known.add(c.value);
    for (const pem of privatePemBlocks(p.edit.before ?? '')) known.add(pem.block);
  }
  const refusals: Refusal[] = [];
  for (const p of parsed) {
    const path = p.edit.path;
    for (const pem of privatePemBlocks(p.edit.after ?? '')) {
      if (known.has(pem.block)) continue;
      refusals.push({
        rule: 'credential-literal',
        path,
        message: `${path} contains a PEM block (${pem.label}): never commit key material; keep it in a SOPS-encrypted Secret that a human creates.`,
      });
    }
    const seen = new Set<string>();
    for (const doc of p.after ?? []) {
      for (const c of credentialCandidates(doc)) {
        if (known.has(c.value) || seen.has(c.value)) continue;
        seen.add(c.value);
        refusals.push({
          rule: 'credential-literal',
          path,
          message: `${path}: ${c.where} holds a literal credential: use a \${VAR} placeholder fed by postBuild.substituteFrom a SOPS-encrypted Secret, or a secretKeyRef.`,
        });
      }
    }
  }
  return refusals;
}
