import type { Finding } from '@triad/core';
import { credentialKeyKind } from '../credentials/credential-key';
import { credentialIn } from '../credentials/credential-values';
import { privatePemBlocks } from '../credentials/pem';
import { isPlaceholderConfig, isSafeCredentialValue, withoutPlaceholders } from '../credentials/safe-value';
import { findingId } from '../finding-id';
import { isSopsEncrypted } from '../flux/sops';
import { asRecord, displayName, resourceRefOf } from '../parse/k8s-object';
import { lineOf } from '../parse/manifest-document';
import { sopsPathRegexes } from '../regex/repo-patterns';
import { repoRegex } from '../regex/repo-regex';
import { parseCreationRules, SOPS_CONFIG_FILE, type SopsCreationRule } from '../sops/creation-rules';
import { matchPathRegex } from '../sops/sops-regex';
import type { Check } from './check';

export const PLAINTEXT_SECRET = 'plaintext-secret';

/** Text that is nothing but public PEM blocks: public keys and certificates. */
const PUBLIC_PEM_ONLY =
  /^\s*(-----BEGIN ((RSA |EC )?PUBLIC KEY|CERTIFICATE)-----[A-Za-z0-9+/=\s]+-----END ((RSA |EC )?PUBLIC KEY|CERTIFICATE)-----\s*)+$/;

/** The annotation with which kubernetes-secret-generator makes the named keys' values in the cluster. */
const GENERATOR_ANNOTATION = /^secret-generator\.v\d+\.mittwald\.de\/autogenerate$/;

function generatedInCluster(record: Record<string, unknown> | undefined): boolean {
  const annotations = asRecord(asRecord(record?.metadata)?.annotations) ?? {};
  return Object.entries(annotations).some(
    ([key, value]) => GENERATOR_ANNOTATION.test(key) && String(value).trim() !== '',
  );
}

/** Lines of OpenSSH public keys (an `authorized_keys` file): options, the key type, its base64 and a comment. */
const OPENSSH_PUBLIC_KEYS =
  /^\s*((\S+\s+)?(ssh-(ed25519|rsa|dss)|ecdsa-sha2-nistp\d+|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com)\s+AAAA[A-Za-z0-9+/=]+(\s+[^\n]*)?\s*(\n|$)|\s*#[^\n]*(\n|$)|\s*\n)+$/;

/** A file named for SOPS: `db.sops.yaml`, `values.enc.yaml`. */
const SOPS_NAMED = /\.(sops|enc)(\.[^/]*)?\.ya?ml$/;

/**
 * A `kind: Secret` committed with clear values: no SOPS metadata, and at least one value in `data` (base64-decoded)
 * or `stringData` that is not a `${VAR}` placeholder, an `op://`/`vault:` reference, SOPS ciphertext or empty.
 * Secrets filled by external-secrets, the 1Password operator or Flux substitution therefore pass. Critical when a
 * value looks like a credential or `.sops.yaml` means the file to be encrypted; low when nothing in it looks secret.
 */
export const plaintextSecret: Check = {
  id: PLAINTEXT_SECRET,
  description: 'A Secret is committed without SOPS encryption, its values readable in Git.',
  run({ documents, files }) {
    const encryptRules = sopsPathRules(files.get('.sops.yaml'));
    const creationRules = parseCreationRules(files.get(SOPS_CONFIG_FILE));
    const findings: Finding[] = [];
    for (const document of documents) {
      const ref = resourceRefOf(document.object);
      if (ref?.kind !== 'Secret' || isSopsEncrypted(document.object)) continue;
      const record = asRecord(document.object);
      const clear: string[] = [];
      let strong = false;
      let named = false;
      let templated = false;
      for (const field of ['stringData', 'data'] as const) {
        for (const [key, value] of Object.entries(asRecord(record?.[field]) ?? {})) {
          // `data` holds base64, unless Flux substitutes a `${VAR}` there that already is.
          const text = field === 'data' && !isSafeCredentialValue(value) ? decodeBase64(value) : value;
          const literal = typeof text === 'string' ? withoutPlaceholders(text) : text;
          if (literal !== text) templated = true;
          if (isSafeCredentialValue(text)) continue;
          // A stub config file whose every setting is a placeholder, for an operator to overwrite.
          if (typeof text === 'string' && isPlaceholderConfig(text)) continue;
          // A public key or certificate is meant to be read (Flux takes a cosign key for verify only from a Secret).
          if (typeof text === 'string' && (PUBLIC_PEM_ONLY.test(text) || OPENSSH_PUBLIC_KEYS.test(text))) continue;
          // A template (`${S3_BASE}/app`, `postgres://${USER}:${PASS}@db`) holds only its literal part in Git.
          if (literal !== text && credentialIn(key, literal) === undefined) continue;
          clear.push(key);
          named ||= credentialKeyKind(key) !== undefined;
          strong ||= credentialIn(key, text) !== undefined || privatePemBlocks(String(text)).length > 0;
        }
      }
      if (clear.length === 0) continue;
      // An operator fills in the secret values in the cluster (mittwald's secret generator): what Git holds beside
      // them (a user name) is a setting, unless it looks like a credential itself.
      if (!strong && !named && generatedInCluster(record)) continue;
      // A Secret Flux fills from variables, whose literal values are settings (a host, a port, a user name): no secret
      // is in Git, whatever .sops.yaml would do with the file.
      if (templated && !strong && !named) continue;
      // Nothing looks secret, and the repository's own rule for the file would leave every one of its keys in clear:
      // its owner keeps them readable (identifiers, names), and encrypting the file would change nothing.
      if (!strong && !named && keptInClear(creationRules, document.file, field(record), clear)) continue;
      // .sops.yaml says which key encrypts a path, not that every file there is encrypted (a rule may match every YAML
      // file): it means this one when the file is named for SOPS or holds what looks secret.
      const ruled = encryptRules.some((rule) => rule.test(document.file));
      const meant = ruled && (strong || named || SOPS_NAMED.test(document.file));
      findings.push({
        id: findingId(PLAINTEXT_SECRET, ref),
        check: PLAINTEXT_SECRET,
        severity: strong || meant ? 'critical' : 'low',
        category: 'security',
        resource: ref,
        file: document.file,
        line: lineOf(document, [record?.stringData ? 'stringData' : 'data']),
        message:
          `Secret ${displayName(ref)} is committed in plain text (${clear.join(', ')})` +
          (meant ? ', although .sops.yaml says files there are encrypted' : '') +
          (strong || meant
            ? ': encrypt it with `sops --encrypt --in-place`, rotate the values, since Git history keeps them.'
            : ': none of its values looks like a credential; if one is secret, encrypt it with `sops --encrypt --in-place`.'),
        fixable: true,
        evidence: { keys: clear, sopsRuleMatches: ruled, credentialLike: strong },
      });
    }
    return findings;
  },
};

/** The field a Secret's clear values are under (sops matches its name too: `encrypted_regex: ^(data|stringData)$`). */
function field(record: Record<string, unknown> | undefined): string {
  return record?.stringData ? 'stringData' : 'data';
}

/**
 * Whether the first creation rule of `.sops.yaml` that matches `path` leaves all of `keys` (under `field`) in clear:
 * its `encrypted_regex` or `encrypted_suffix` selects none of them, or its `unencrypted_regex` or `unencrypted_suffix`
 * all. False without such a rule, or when the rule encrypts everything.
 */
function keptInClear(
  rules: readonly SopsCreationRule[],
  path: string,
  field: string,
  keys: readonly string[],
): boolean {
  const rule = rules.find((r) => r.pathRegex === undefined || matchPathRegex(r.pathRegex, path));
  if (!rule) return false;
  const { encryptedRegex, unencryptedRegex, encryptedSuffix, unencryptedSuffix } = rule;
  if (encryptedRegex !== undefined) {
    return ![field, ...keys].some((key) => matchPathRegex(encryptedRegex, key));
  }
  if (encryptedSuffix !== undefined) return ![field, ...keys].some((key) => key.endsWith(encryptedSuffix));
  if (unencryptedRegex !== undefined) return keys.every((key) => matchPathRegex(unencryptedRegex, key));
  if (unencryptedSuffix !== undefined) return keys.every((key) => key.endsWith(unencryptedSuffix));
  return false;
}

function decodeBase64(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return Buffer.from(value, 'base64').toString('utf8');
  } catch {
    return value;
  }
}

/** The `path_regex` of each creation rule of a `.sops.yaml`, compiled by the linear-time engine; refused ones are left out. */
function sopsPathRules(text: string | undefined): { test(path: string): boolean }[] {
  return sopsPathRegexes(text).flatMap((pattern) => {
    const re = repoRegex(pattern);
    return re.ok ? [re] : [];
  });
}
