import { credentialCandidates, knownTokens, privatePemBlocks } from '@triad/analyzers';
import { joinItem, joinKey, type ManifestDoc, objectLabel } from '../changes';
import type { ParsedEdit } from './parsed-edit';
import type { Refusal } from './refusal';

/** A value that looks like a credential, and where it sits. The value never goes into a message. */
interface Candidate {
  /** Human location, e.g. `Deployment media/app spec.template.spec.containers[0].env[DB_PASSWORD]`. */
  where: string;
  value: string;
}

/** `a.b[0].env[DB_PASSWORD]`: an env entry by its name, the rest by key and index. */
function describePath(path: readonly (string | number)[], key: string | undefined): string {
  const envEntry = path.length >= 2 && path[path.length - 1] === 'value' && typeof path[path.length - 2] === 'number';
  const steps = envEntry && key !== undefined ? path.slice(0, -2) : path;
  const text = steps.reduce<string>(
    (at, step) => (typeof step === 'number' ? joinItem(at, step) : joinKey(at, step)),
    '',
  );
  return envEntry && key !== undefined ? joinItem(text, key) : text;
}

/**
 * Credential-looking values of one object, judged by the analyzers' detector (`credentialCandidates`), so a change
 * is refused for exactly what `hardcoded-credential` would report.
 */
export function credentialCandidatesOf(doc: ManifestDoc): readonly Candidate[] {
  const known = candidatesOf.get(doc);
  if (known) return known;
  const label = objectLabel(doc);
  const found = Object.freeze(
    credentialCandidates(doc.value).map((c) =>
      Object.freeze({ where: `${label} ${describePath(c.path, c.key)}`, value: c.secret }),
    ),
  );
  // A parsed edit is shared (frozen) by every check and the masked diff after it: each asks of the same object.
  if (Object.isFrozen(doc)) candidatesOf.set(doc, found);
  return found;
}

/** Candidates of objects that cannot change (the parse cache's frozen documents), by object. */
const candidatesOf = new WeakMap<ManifestDoc, readonly Candidate[]>();

/**
 * `credential-literal`: credentials newly written into env values, ConfigMap data, HelmRelease values, ExternalSecret
 * templates or Flux substitutions, and private PEM blocks and known-format tokens in any file. A value the files
 * already held before the edits does not count.
 */
export function checkCredentialLiterals(parsed: readonly ParsedEdit[]): Refusal[] {
  const known = new Set<string>();
  for (const p of parsed) {
    for (const doc of p.before ?? []) for (const c of credentialCandidatesOf(doc)) known.add(c.value);
    for (const pem of privatePemBlocks(p.edit.before ?? '')) known.add(pem.block);
    for (const token of knownTokens(p.edit.before ?? '')) known.add(token.value);
  }
  const refusals: Refusal[] = [];
  for (const p of parsed) {
    const path = p.edit.path;
    const seen = new Set<string>();
    for (const pem of privatePemBlocks(p.edit.after ?? '')) {
      if (known.has(pem.block)) continue;
      refusals.push({
        rule: 'credential-literal',
        path,
        message: `${path} contains a PEM block (${pem.label}): never commit key material; keep it in a SOPS-encrypted Secret that a human creates.`,
      });
    }
    for (const doc of p.after ?? []) {
      for (const c of credentialCandidatesOf(doc)) {
        if (known.has(c.value) || seen.has(c.value)) continue;
        seen.add(c.value);
        refusals.push({
          rule: 'credential-literal',
          path,
          message: `${path}: ${c.where} holds a literal credential: use a \${VAR} placeholder fed by postBuild.substituteFrom a SOPS-encrypted Secret, or a secretKeyRef.`,
        });
      }
    }
    for (const token of knownTokens(p.edit.after ?? '')) {
      if (known.has(token.value) || [...seen].some((value) => value.includes(token.value))) continue;
      seen.add(token.value);
      refusals.push({
        rule: 'credential-literal',
        path,
        message: `${path} contains a ${token.label}: never commit it; revoke it and keep the new one in a SOPS-encrypted Secret.`,
      });
    }
  }
  return refusals;
}
