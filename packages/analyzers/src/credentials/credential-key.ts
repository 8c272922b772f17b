/**
 * How a key names what it holds:
 * - `literal`: a credential itself (`DB_PASSWORD`, `apiKey`, `clientSecret`): any literal value counts;
 * - `name-or-literal`: a word that charts use both for a credential and for the Secret that holds one
 *   (`secret`, `githubConfigSecret`, `secretKey`, `credentials`): a value shaped like a name is a reference.
 */
export type CredentialKeyKind = 'literal' | 'name-or-literal';

/** Words after the credential word that keep the key a credential (`SECRET_KEY_BASE`, `password2`). */
const TRAILING_MODIFIERS = /^(\d+|base|value|hash|hashed|b64|base64|raw|plain|plaintext|literal|string|str)$/;
/** Words before `secret` or `key` that make it a value, not the name of a Secret (`clientSecret`, `apiKey`). */
const VALUE_QUALIFIERS =
  /^(api|private|client|jwt|session|cookie|shared|webhook|hmac|signing|sign|encryption|crypt|master|app|oauth|auth|admin|root|core|server|bootstrap|license|cipher|aes|rpc|csrf|storage|account|consumer|integration|bot)$/;
/** Words before `key` that make it the name of a key inside a Secret (`passwordKey`, `tokenKey`). */
const KEY_NAME_QUALIFIERS = /^(password|passwd|pass|token|secret|credential|credentials|user|username|existing)$/;

/** Words of a key: `githubConfigSecret` → github, config, secret; annotation and CSI keys by their name part only. */
export function keyWords(key: string): string[] {
  const name = key.includes('/') ? key.slice(key.lastIndexOf('/') + 1) : key;
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([a-zA-Z])(\d+)$/, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/** A key that names a file (`app.ini`, `token.json`): its content is judged line by line, never by its name. */
const FILE_NAME = /\.(json|ya?ml|ini|conf|cfg|toml|txt|env|properties|xml|sh|py|js|lua|tmpl|tpl|hcl|pem|crt|key)$/i;

/** What the head word (the last one, past trailing modifiers) says about a key, or undefined for any other key. */
export function credentialKeyKind(key: string): CredentialKeyKind | undefined {
  if (FILE_NAME.test(key)) return undefined;
  const words = keyWords(key);
  if (words.includes('existing')) return undefined;
  let end = words.length - 1;
  while (end > 0 && TRAILING_MODIFIERS.test(words[end]!)) end--;
  const head = words[end];
  const before = words[end - 1] ?? '';
  if (!head) return undefined;
  // 1Password the product (`SVC_ONEPASSWORD`, the address of its Connect server) names no password.
  if (head === 'onepassword' || head === '1password') return undefined;
  if (/(password|passwd|passphrase|token)$/.test(head) || /^(pass|pwd|pw)$/.test(head)) return 'literal';
  if (/^(apikey|privatekey|secretaccesskey|clientsecret|apisecret)$/.test(head)) return 'literal';
  // An access key is a user name to S3 and MinIO; its secret half is the credential (AKIA… ids count by format).
  if (head === 'accesskey') return 'name-or-literal';
  if (head === 'key' && before === 'access') return words[end - 2] === 'secret' ? 'literal' : 'name-or-literal';
  // An annotation points at things (`cnpg.io/pluginClientSecret: <the Secret's name>`): a name-shaped value is one.
  const annotation = key.includes('/');
  if (head === 'secret' || head === 'secretkey') {
    return VALUE_QUALIFIERS.test(before) && !annotation ? 'literal' : 'name-or-literal';
  }
  if (head === 'key') {
    if (VALUE_QUALIFIERS.test(before)) return 'literal';
    if (KEY_NAME_QUALIFIERS.test(before)) return before === 'secret' ? 'name-or-literal' : undefined;
    return undefined;
  }
  if (/^(credential|credentials|creds)$/.test(head)) return 'name-or-literal';
  return undefined;
}

/** True for keys named like a credential (`DB_PASSWORD`, `apiKey`, `githubConfigSecret`), not like a reference to one (`existingSecret`, `secretName`, `passwordKey`). */
export function isCredentialKey(key: string): boolean {
  return credentialKeyKind(key) !== undefined;
}

/** True for a key that holds an API key a service issues (`OPENAI_API_KEY`, `apiKey`), not a secret a person chooses. */
export function isApiKeyName(key: string): boolean {
  const words = keyWords(key);
  let end = words.length - 1;
  while (end > 0 && TRAILING_MODIFIERS.test(words[end]!)) end--;
  return words[end] === 'apikey' || (words[end] === 'key' && words[end - 1] === 'api');
}
