import { wholeVariable } from '../flux/substitution-variables';
import { knownTokens } from './known-tokens';

/**
 * Placeholders that something else fills at deploy or run time: Flux `${VAR}` (and `$${VAR}`, its escape for the
 * app's own; the app's may be dotted or hyphenated, as Jenkins' `${oidc-client-secret}` from its credential store), Kubernetes `$(VAR)`, shell `$VAR`, Go/Helm templates `{{ … }}` (ExternalSecret templates, also with a
 * `${VAR}` inside), `{VAR}` (Frigate and others), `{env:VAR}` (opencode), Grafana's `$__env{VAR}`, `$__file{path}` and
 * `$__vault{ref}`, `%VAR%`, printf's `%s`, `<<VAR>>` (Kometa, and init containers that fill a config with `sed`), Stalwart's
 * `%{env:VAR}%` and `%{file:path}%`. A
 * `${VAR:=default}` keeps its default literal, so it is not one.
 */
const PLACEHOLDER =
  /%\{(?:env|file):[^{}\s]+\}%|<<[A-Za-z_][A-Za-z0-9_]*>>|\$__(?:env|file|vault)\{[^{}\s]+\}|\{\{(?:[^{}]|\{[^{}]*\})*\}\}|\$\{[A-Za-z_][A-Za-z0-9_]*(?:[.-][A-Za-z0-9_]+)*\}|\$\([A-Za-z_][A-Za-z0-9_]*\)|\$[A-Z_][A-Z0-9_]*\b|\{[A-Z][A-Z0-9_]*\}|\{(?:env|file):[^{}\s]+\}|%[A-Z][A-Z0-9_]*%|%[sdv]/g;

/**
 * Code that reads a value at run time (`os.environ.get("TOKEN")`, `process.env.TOKEN`, a reply's field
 * `result['data'].get('token', '')`): no literal either.
 */
const CODE = /^([A-Za-z_][\w.]*(?:\[[^\]\n]*\][\w.]*)*\(.*\)|process\.env\.\w+|os\.environ\[.*\])$/;

/**
 * A value that starts by reading an environment variable or file at run time, whatever follows: `env(NAME)` and
 * `strenv(NAME)` in a yq or jq expression (`.a.clientSecret = env(SECRET) | .b = …`), `getenv("NAME")`, and a shell
 * command's output (`TOKEN=$(cat /var/run/secrets/…/token)`).
 */
const RUNTIME_READ = /^(env|strenv|getenv|os\.getenv|readFile|file)\(\s*["']?[\w./-]+["']?\s*\)|^\$?\$\(.+\)$|^`.+`$/;

/**
 * References to a value kept elsewhere: 1Password, Vault, vals, argocd-vault-plugin, SOPS, YAML tags of Home
 * Assistant, Recyclarr and Authentik's blueprints (`!Context client_secret`), LiteLLM's `os.environ/KEY`, Argo CD's
 * `$oidc.sso.clientSecret` and `$other-secret:key` (a key of argocd-secret, or of another Secret).
 */
const REFERENCE =
  /^(\$[a-z][\w-]*(?:[.:][\w-]+)+$|op:\/\/|vault:|ref\+|secretref\+|<path:|ENC\[|!env_var\s|!secret\s|!include\s|!file\s|!Context\s|!Env\s|!Find\s|!KeyOf\s|!Format\s|env:|file:|awssm:|gcpsm:|azkv:|os\.environ\/)/;

/**
 * Words that stand where a person is to put the value (`PLACEHOLDER`, `REPLACE_ME`, `<your-token>`,
 * `YOUR_API_KEY_HERE`, `xxxxxxxx` (`XXXXXXS` too), `not-a-secret`, `***`, `redacted`, `TODO`, `sample`, `stub`, `dummy`, the hacker's `fnord`, a
 * `__RPC_SECRET__` that a script replaces at start, an `@agekey@` that a Nix or autoconf template replaces when it
 * renders the file, a shell default that says the value is `required` or `unset`): no
 * credential is in Git. A default password such as
 * `changeme` or `password` is not one of them: it works, for anyone.
 */
const PLACEHOLDER_WORD =
  /^(placeholder|replace[-_ ]?me|replace[-_ ]?this|<[^<>\n]+>|your[-_ ][\w -]*|x{4,}[a-z0-9]?|not[-_ ]?a[-_ ]?(real[-_ ]?)?(secret|password|token)|\*{3,}|redacted|todo|tbd|fixme|sample|example|fnord|stub|dummy|fake|unused|required|unset|undefined|missing|__[A-Z][A-Z0-9_]*__|@[A-Za-z_][\w-]*@)$/i;

/** A value that says it is a placeholder among other words: `preview-placeholder-not-secret` (not `not-a-placeholder`). */
const PLACEHOLDER_PART = /(^|[-_.])((?<!not[-_]a[-_]|not[-_])placeholder|not[-_]?a?[-_]?secret)([-_.]|$)/i;

/** Values that are settings, not secrets: booleans and nothing in words, a hash algorithm's name; YAML block and flow openers of a config line. */
const SETTING =
  /^(true|false|yes|no|on|off|null|none|nil|default|auto|plain|plaintext|md5|sha-?1|sha-?256|sha-?512|bcrypt|scrypt|pbkdf2(_sha\d+)?|argon2(id|i|d)?|~|\[\]|\{\}|[|>][-+]?|[[{])$/i;

/**
 * A password hash in the crypt formats apps take instead of the password (bcrypt, Argon2, SHA-crypt, Apache's MD5):
 * one-way, the form weave-gitops' `passwordHash`, an htpasswd line or Authelia's users file ask for. No password is in
 * Git.
 */
const PASSWORD_HASH =
  /^(\$2[abxy]\$\d{2}\$[./A-Za-z0-9]{53}|\$argon2(?:id|i|d)\$v=\d+\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+|\$[56]\$(?:rounds=\d+\$)?[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{43,86}|\$apr1\$[./A-Za-z0-9]{1,8}\$[./A-Za-z0-9]{22})$/;

/** An IP address or network (`10.20.0.15`, `10.0.0.0/8`, `[fd00::1]:53`): where a service is, never a secret. */
const ADDRESS =
  /^(\d{1,3}\.){3}\d{1,3}(\/\d{1,2}|:\d{1,5})?$|^\[?[0-9a-f]{0,4}(:[0-9a-f]{0,4}){2,7}\]?(\/\d{1,3}|:\d{1,5})?$/i;

/** A decimal fraction (`0.0000002`, a price per token): a setting, never a secret. */
const DECIMAL = /^[-+]?\d*\.\d+([eE][-+]?\d+)?$/;

/** True when `fallback` is the variable's name, or the end of it, written in another case or with hyphens. */
function namesItself(name: string, fallback: string): boolean {
  const norm = (text: string) => text.toLowerCase().replace(/-/g, '_');
  return fallback.length >= 3 && norm(name).endsWith(norm(fallback));
}

/** A path in a file system (`/run/secrets/db`, `./password.txt`, `~/.pgpass`): where a credential is read from. */
const FILE_PATH = /^(\/|~\/|\.\.?\/)\S*$/;

/** A URL: holds a secret only in its userinfo (`scheme://user:password@host`) or a generated path segment (checked apart). */
const URL = /^[a-z][a-z0-9+.-]*:\/\/\S+$/i;
const USERINFO_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:([^@\s/]+)@/i;

/** True for a URL (`https://…`, `postgres://…`), its placeholders spaced or not. */
export function isUrl(text: string): boolean {
  return URL.test(collapsed(text.trim()));
}

/**
 * `text` with each Flux variable (its default included) and each template (`{{ .TOKEN }}`, spaced as people write
 * it) replaced by a stand-in of the same length without spaces or colons, so a URL around them reads as one.
 */
function collapsed(text: string): string {
  const standIn = (placeholder: string) => `{${'V'.repeat(placeholder.length - 2)}}`;
  return text.replace(FLUX_VARIABLE, standIn).replace(GO_TEMPLATE, standIn);
}

/** The password in a URL's userinfo, when it is a literal (not a placeholder). */
export function urlPassword(text: string): string | undefined {
  // A Flux variable with a default may hold a colon of its own (`${OWNER:=${APP}}@host`), a template spaces
  // (`{{ .TOKEN }}`): each one is read whole.
  const whole = collapsed(text.trim());
  const at = USERINFO_PASSWORD.exec(whole);
  if (!at?.[1]) return undefined;
  const start = (at.index ?? 0) + at[0].length - 1 - at[1].length;
  const password = text.trim().slice(start, start + at[1].length);
  if (isPlaceholderOnly(password) || /^\{V+\}$/.test(at[1])) return undefined;
  // The shape of a URL, not one: `rtsp://user:pass@camera-ip` in a template or an example. (`user:password@db`, a
  // real host, may be a default that works: it stays.)
  return EXAMPLE_URL.test(whole) ? undefined : password;
}

/** Userinfo that names its parts instead of holding them, at a host that does too (`user:pass@camera-ip`). */
const EXAMPLE_URL =
  /\/\/(user(name)?|login):(pass(word)?|secret)@(<[^<>]+>|(camera|device|server|host|router)[-_]?(ip|address|host(name)?)|ip|ip[-_]address|host(name)?|your[-_][\w.-]+|example\.(com|org|net))([:/?#]|$)/i;

/** A Go or Helm template, one level of nesting deep: `{{ .TOKEN }}`, `{{ index .data "key" }}`. */
const GO_TEMPLATE = /\{\{(?:[^{}]|\{[^{}]*\})*\}\}/g;

/** A Flux variable with a default that holds no variable: `${VAR:=value}`, `${VAR:-value}`; the default captured. */
const DEFAULTED_VARIABLE = /\$\{[_a-zA-Z][_a-zA-Z0-9]*:?[-=]([^{}$]*)\}/g;

/** A Flux variable, its default included, one level of nesting deep: `${VAR}`, `${VAR:=${OTHER}}`. */
const FLUX_VARIABLE = /\$\{(?:[^{}]|\{[^{}]*\})*\}/g;

/** `text` with its run-time placeholders (`${VAR}`, `{{ .x }}`, `$(VAR)`…) taken out: the literal part of a template. */
export function withoutPlaceholders(text: string): string {
  // Inside out: a Helm template that writes another tool's placeholder (`{{ `{{HOMEPAGE_VAR_PASS}}` }}`) is one.
  let literal = text;
  for (let round = 0; round < 3; round++) {
    const next = literal.replace(PLACEHOLDER, '');
    if (next === literal) break;
    literal = next;
  }
  return literal;
}

/** An HTTP auth scheme before a placeholder (`Bearer ${TOKEN}`, `Token {{ .key }}`) is no secret either. */
const AUTH_SCHEME = /^(bearer|token|basic|bot|apikey)\s+(?=\S*(\$\{|\$\(|\{\{|\{[A-Z]))/i;

/** A date or an ISO 8601 time (`2024-01-01`, `2024-01-01T00:00:00Z`): what a template adds beside a secret, no secret. */
const TIMESTAMP = /\b\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?\b/g;

/**
 * A token's fixed prefix before the placeholder that fills it (`app_{{ .token }}`, `sk-${KEY}`): a short lowercase
 * word and its separator, the part of a token format that every token of it shares.
 */
const TOKEN_PREFIX = /^[a-z]{1,12}[_-](?=\$\{|\{\{|\$\(|\{[A-Z])/;

function isPlaceholderOnly(text: string): boolean {
  const literal = withoutPlaceholders(text.trim().replace(AUTH_SCHEME, '').replace(TOKEN_PREFIX, ''));
  // Only a template's placeholders may stand beside a timestamp (`{{ .hash }}|2024-01-01T00:00:00Z`).
  const rest = literal.length < text.trim().length ? literal.replace(TIMESTAMP, '') : literal;
  // What may stand around the placeholders: separators, and the quotes and brackets of a flow list (`["${KEY}"]`).
  return /^[\s:@/._$|,"'[\]-]*$/.test(rest);
}

/**
 * True when a value holds no secret by its shape alone: empty, a boolean or number (settings), only placeholders,
 * a reference (`op://`, `vault:`, `ref+`, `<path:…>`, SOPS ciphertext), a file path, or a URL without a password.
 */
export function isSafeCredentialValue(value: unknown): boolean {
  if (value === null || value === undefined || typeof value === 'boolean' || typeof value === 'number') return true;
  if (typeof value !== 'string') return true;
  // `$${VAR:-default}`: Flux's escape leaves `${VAR:-default}` for the shell, whose default is judged the same way.
  const text = value.trim().replace(/^\$(?=\$\{)/, '');
  // An app's own placeholder (`${oidc-client-secret}`) is one whole, though Flux's syntax reads a `-` as a default.
  if (text !== '' && isPlaceholderOnly(text)) return true;
  // `${VAR:=default}`: Flux substitutes the variable, or the default when it is unset; only the default is in Git.
  const whole = wholeVariable(text);
  const defaulted = whole?.fallback;
  // A default that spells the variable's own name (`${APP_TOKEN:=app_token}`) stands for it: no value is in Git.
  if (whole && defaulted !== undefined && namesItself(whole.name, defaulted)) return true;
  if (defaulted !== undefined) return isSafeCredentialValue(defaulted);
  // Several of them (`${q:='}${FLAG:=true}${q:='}`, a quoted boolean): judged as the text their defaults make.
  const filled = text.replace(DEFAULTED_VARIABLE, (_whole, fallback: string) => fallback);
  if (filled !== text && !filled.includes('${')) return isSafeCredentialValue(filled.replace(/^(["'])(.*)\1$/, '$2'));
  if (
    text === '' ||
    SETTING.test(text) ||
    DECIMAL.test(text) ||
    ADDRESS.test(text) ||
    PASSWORD_HASH.test(text) ||
    PLACEHOLDER_WORD.test(text) ||
    PLACEHOLDER_PART.test(text) ||
    REFERENCE.test(text) ||
    FILE_PATH.test(text) ||
    CODE.test(text) ||
    RUNTIME_READ.test(text)
  ) {
    return true;
  }
  // A certificate or public key in base64 (a kubeconfig's `certificate-authority-data`) is meant to be read.
  if (isPublicPemInBase64(text)) return true;
  // A webhook's URL carries its token in the path (Slack's, Discord's): the URL is the credential.
  if (isUrl(text)) return urlPassword(text) === undefined && knownTokens(text).length === 0;
  return isPlaceholderOnly(text);
}

/** True when `text` is base64 (line breaks allowed) of PEM blocks that are all certificates or public keys. */
function isPublicPemInBase64(text: string): boolean {
  if (text.length < 64 || !/^[A-Za-z0-9+/=\s]+$/.test(text)) return false;
  const decoded = Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8');
  const blocks = [...decoded.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----/g)].map((m) => m[1]);
  return blocks.length > 0 && blocks.every((kind) => kind === 'CERTIFICATE' || kind === 'PUBLIC KEY');
}

/** A line of an INI, env or YAML-ish config file: `key = value`, `key: value`, `export KEY=value`. */
const SETTING_LINE = /^\s*(?:export\s+)?["']?[\w.-]+["']?\s*[:=]\s*(.*?)\s*$/;

/**
 * True for a config file's text (an AWS credentials file, an env file) whose every setting is a placeholder (`key =
 * PLACEHOLDER`, `token: ${TOKEN}`): a stub that something else overwrites, with no value of its own. Section headers,
 * comments and blank lines may stand between them; at least one setting must.
 */
export function isPlaceholderConfig(text: string): boolean {
  // A URL is no `scheme: //…` setting.
  if (isUrl(text)) return false;
  let settings = 0;
  for (const line of text.split('\n')) {
    if (/^\s*$|^\s*[#;]|^\s*\[[^\]]+\]\s*$/.test(line)) continue;
    const setting = SETTING_LINE.exec(line);
    if (!setting || !isSafeCredentialValue(setting[1]!.replace(/^(["'])(.*)\1$/, '$2'))) return false;
    settings++;
  }
  return settings > 0;
}

/** `namespace/name` of an object: what an annotation such as ingress-nginx's `auth-secret` names. */
const NAMESPACED_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\/[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

const DNS_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$/;
/** `ADMIN_PASSWORD`, `admin_password`, and a program's variable in camelCase (`secretKey`). */
const IDENTIFIER = /^([A-Z][A-Z0-9_]*|[a-z][a-z0-9_]*|[a-z]+(?:[A-Z][a-z0-9]+)+)$/;

/**
 * True for a value shaped like the name of a Kubernetes object or of a key (`grafana-admin`, `PASSWORD`,
 * `admin_password`, a script's `secretKey` variable): what a `*Secret` or `secretKey` setting holds when it refers to
 * a Secret. Generated strings
 * (letters and digits interleaved) are not names.
 */
export function looksLikeName(text: string): boolean {
  if (NAMESPACED_NAME.test(text)) return looksLikeName(text.slice(text.indexOf('/') + 1));
  if (text.length > 253 || !(DNS_NAME.test(text) || IDENTIFIER.test(text))) return false;
  return (text.match(/[a-z][0-9]|[0-9][a-z]/gi) ?? []).length <= 3;
}
