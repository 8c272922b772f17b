import { wholeVariable } from '../flux/substitution-variables';
import { asRecord } from '../parse/k8s-object';
import { credentialKeyKind, isApiKeyName } from './credential-key';
import { highEntropyTokens } from './entropy';
import { knownTokens } from './known-tokens';
import { isSafeCredentialValue, isUrl, looksLikeName, urlPassword } from './safe-value';

/** Why a value looks like a credential; the value itself is never kept in a finding. */
export type CredentialReason =
  | 'known-format'
  | 'credential-name'
  | 'url-password'
  | 'generated-looking'
  | 'config-line';

/** A credential found in one value. */
export interface CredentialMatch {
  reason: CredentialReason;
  /** The part of the value that is the credential (the whole value, a token, a line's value); never put in a message. */
  secret: string;
  /** What it is, for known formats (`AWS access key ID`) and config lines (the setting's name). */
  label?: string;
}

/** Keys that name a public key: `VPN_PEER_PUBLIC_KEY`, `publicKey`, `pubkey`. */
const PUBLIC_KEY_NAME = /pub(lic)?[-_ .]?key/i;

/**
 * What stands in an API key's place for a server that checks none (an OpenAI-compatible model server on the cluster
 * takes any key): one lowercase word (`vllm`, `ollama`), or one character repeated after a short vendor prefix
 * (`sk-111111111111`), or words that say no key is checked (`gateway-noauth`, `not-needed`). A key a service
 * issues is never any of these. A default that works for anyone (`changeme`) stays a credential.
 */
const DUMMY_API_KEY =
  /^(?:[a-z]{2,10}|(?:[a-z]{1,4}[-_])?([a-z0-9])\1{7,}|(?:[a-z]+[-_])*(?:no-?auth|no-?key|none|dummy|unused|not-?needed|anything)(?:[-_][a-z]+)*)$/;
const WORKING_DEFAULT = /^(changeme|password|passw0rd|secret|admin|letmein|apikey|token)$/;

/** The name of an environment variable or of a key: upper-case words joined by underscores. */
const ENV_NAME = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/;

/** A key that names an identifier: `PHOTOS_FOLDER_ID`, `workspaceId`, `zone-id`, `project.id`. */
const IDENTIFIER_KEY = /(^|[_.-])(id|ID)$|[a-z0-9]Id$/;

/** A key that names a published image: `gethomepage.dev/icon`, `logo`, `avatarUrl`, `banner_image`. */
const PUBLIC_ASSET_KEY =
  /(^|[._/-])(icon|logo|avatar|banner|thumbnail|favicon|image|picture|background)(url|_url|-url)?$/i;

/** The words the name of a Secret's key is made of: `license-key`, `api_token`, `admin-password`. */
const KEY_WORD =
  /^(secret|secrets|key|keys|token|password|passwd|pass|pwd|license|licence|api|client|private|public|access|auth|credential|credentials|cert|tls|id|app|application|admin|user|username|db|root|master|encryption|signing|session|cookie|jwt|webhook|oauth|bearer|hmac|salt|smtp|s3)$/;

/** Two or more such words joined by `-` or `_`, in lower case. */
function isKeyName(text: string): boolean {
  const parts = text.split(/[-_]/);
  return parts.length >= 2 && parts.every((part) => KEY_WORD.test(part));
}

/** A whole-line comment of a config file or script: `#`, `//` or `;` first. */
const COMMENT_LINE = /^\s*(#|\/\/|;)/;

/** `key: value`, `key = value`, and PHP's `'key' => value,` lines. */
const CONFIG_LINE = /^\s*-?\s*["']?([\w.-]+)["']?\s*(?:=>|[:=])\s*(.*?)\s*,?\s*$/;

/** A dict entry of code: a quoted key and an unquoted identifier for its value (`'passwd': password,`). */
const CODE_VARIABLE = /^\s*(["'])[\w.-]+\1\s*:\s*[A-Za-z_][\w.]*\s*,?\s*$/;

/**
 * The value of a `key: value` / `key = value` line, without quotes, a trailing ` # comment` and a shell script's line
 * continuation; of a shell command's environment prefix, the quoted word alone. A quote left alone at either end closes or opens a shell word the key is part of
 * (`'Server.Password=' \`): it is no part of the value.
 */
function lineValue(raw: string): string {
  const text = raw
    .replace(/\s+#.*$/, '')
    .replace(/\s+\\$/, '')
    .replace(/;$/, '')
    .trim();
  // A quoted word, alone or before a shell command it is the environment of (`PGPASSWORD="$PW" psql -h db`).
  const word = /^(["'])([^"']*)\1(?:\s+\S.*)?$/.exec(text);
  if (word) return word[2]!;
  const quoted = /^(["'])(.*)\1$/.exec(text);
  return quoted ? quoted[2]! : text.replace(/^["']|["']$/g, '');
}

/**
 * The credential in `value`, stored under `key`, or undefined. A known token format counts under any key; a
 * credential-named key with a literal counts (a `*Secret`/`secretKey` key only when the value is not shaped like a
 * name); a URL with a literal password, a generated-looking token, and a `password = …` line of a config file count.
 * Placeholders, references, file paths, settings and empty values never count.
 */
export function credentialIn(key: string | undefined, value: unknown): CredentialMatch | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value);
  const known = knownTokens(text)[0];
  if (known) return { reason: 'known-format', secret: known.value, label: known.label };
  if (text.includes('-----BEGIN ')) return undefined; // key blocks are judged on the file's text (see pem.ts)
  const url = isUrl(text);
  if (isSafeCredentialValue(value) && !url) return undefined;
  const multiline = text.trim().includes('\n');
  const kind = key === undefined || multiline || url ? undefined : credentialKeyKind(key);
  // A one- or two-character value is a setting (a search shortcut's `token: m`), not a credential.
  if (text.trim().length < 3) return undefined;
  // A public key is meant to be shared (a WireGuard peer's `PUBLIC_KEY`): only a known secret format counts there.
  if (key !== undefined && PUBLIC_KEY_NAME.test(key)) return undefined;
  if (
    kind === 'literal' &&
    isApiKeyName(key!) &&
    DUMMY_API_KEY.test(text.trim()) &&
    !WORKING_DEFAULT.test(text.trim())
  ) {
    return undefined;
  }
  // An upper-snake name of two words or more (`APP_COOKIE_KEY`) names an environment variable or a Secret's key (a chart
  // reads it from the `existingSecret` beside it): a reference, as no generated or chosen secret looks like it. So
  // does a lower-case one made only of the words such keys are made of (`license-key`, `client_secret`).
  // A Flux variable's default stands for the value: `${SECRET_KEY:=client-secret}` names a key like `client-secret`.
  // So does what Flux would read as one in an app's own `${oidc-client-secret}`: a name either way.
  const literal = wholeVariable(text.trim())?.fallback ?? text.trim();
  if (kind === 'literal' && (ENV_NAME.test(literal) || isKeyName(literal))) return undefined;
  if (kind === 'literal' || (kind === 'name-or-literal' && !looksLikeName(literal))) {
    return { reason: 'credential-name', secret: text.trim() };
  }
  const password = multiline ? undefined : urlPassword(text);
  if (password !== undefined) return { reason: 'url-password', secret: password };
  // An identifier looks generated too (a storage folder's, a workspace's), and so does the address of a published
  // image (an icon on a CDN): under a key that names either, only a known token format counts.
  const token =
    key !== undefined && (IDENTIFIER_KEY.test(key) || PUBLIC_ASSET_KEY.test(key))
      ? undefined
      : highEntropyTokens(text)[0];
  if (token) return { reason: 'generated-looking', secret: token };
  if (!multiline) return undefined;
  for (const line of text.split('\n')) {
    // A comment shows the shape of a setting (`# postgres://user:password@host/db`), not a value anything reads.
    if (COMMENT_LINE.test(line)) continue;
    const match = CONFIG_LINE.exec(line);
    // Code, not configuration: a quoted key given a bare name (`'passwd': password,`, a variable), or a shell command's
    // output (`TOKEN=$(curl -s … \`, continued on the next lines).
    if (match && (CODE_VARIABLE.test(line) || /^\$\(/.test(lineValue(match[2]!)))) continue;
    // A flow list or map (`id_token: [email, groups]`) is structure: the credentials are scalars, on lines of their own.
    const inner = match && !/^[[{]/.test(lineValue(match[2]!)) && credentialIn(match[1], lineValue(match[2]!));
    if (inner) return { reason: 'config-line', secret: inner.secret, label: match[1] };
    const inUrl = urlPassword(line.replace(/^.*?(?=[a-z][a-z0-9+.-]*:\/\/)/i, ''));
    if (inUrl !== undefined) return { reason: 'config-line', secret: inUrl };
  }
  return undefined;
}

/** Why `value`, stored under `key`, looks like a literal credential, or undefined (see `credentialIn`). */
export function credentialReason(key: string | undefined, value: unknown): CredentialReason | undefined {
  return credentialIn(key, value)?.reason;
}

/** An env entry of a container: list form (`- name: X\n  value: y`) or map form (`X: y`, app-template). */
export interface EnvEntry {
  name: string;
  /** Position in the list, or the key in the map. */
  index: number | string;
  /** The literal value (undefined for `valueFrom` entries). */
  value: unknown;
}

export function envEntries(env: unknown): EnvEntry[] {
  if (Array.isArray(env)) {
    return env.flatMap((item, index) => {
      const record = asRecord(item);
      return record && typeof record.name === 'string' && 'value' in record
        ? [{ name: record.name, index, value: record.value }]
        : [];
    });
  }
  return Object.entries(asRecord(env) ?? {}).flatMap(([name, value]) =>
    asRecord(value) ? [] : [{ name, index: name, value }],
  );
}
