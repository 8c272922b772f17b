const CREDENTIAL_WORDS = /(password|passwd|token|secret|apikey|accesskey|privatekey)/;
/** Keys that name where a credential lives, or a setting about it, rather than holding one. */
const REFERENCE_SUFFIXES =
  /(name|names|ref|refs|file|path|dir|existing|enabled|enable|create|ttl|timeout|expiry|expiration|length|policy|type|mode|key(ref|name))$/;

/** True for keys named like a credential (`DB_PASSWORD`, `apiKey`, `access_key`), not like a reference to one (`existingSecret`, `secretName`). */
export function isCredentialKey(key: string): boolean {
  const normalised = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (!CREDENTIAL_WORDS.test(normalised)) return false;
  if (normalised.startsWith('existing')) return false;
  // `passwordKey`, `tokenKey`: the key inside a Secret that holds it.
  if (/(password|passwd|token)keys?$/.test(normalised)) return false;
  return !REFERENCE_SUFFIXES.test(normalised);
}

const PLACEHOLDER = /\$\{[A-Za-z_][A-Za-z0-9_]*\}|\$\([A-Za-z_][A-Za-z0-9_]*\)/g;

/**
 * True when a value assigned to a credential key holds no secret: empty, only `${VAR}` / `$(VAR)` placeholders,
 * an `op://` or `vault:` reference, or SOPS ciphertext. A `${VAR:=default}` keeps its default literal, so it counts.
 */
export function isSafeCredentialValue(value: unknown): boolean {
  if (value === null || value === undefined || typeof value === 'boolean') return true;
  const text = String(value).trim();
  if (text === '') return true;
  if (/^(op:\/\/|vault:|ENC\[)/.test(text)) return true;
  return /^[\s:@/._-]*$/.test(text.replace(PLACEHOLDER, ''));
}
