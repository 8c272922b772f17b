import { highEntropyTokens, isCredentialKey, isSafeCredentialValue } from '@triad/policy';

/** Well-known token formats, redacted wherever they appear. */
const KNOWN_TOKENS = [
  /\bgh[pousr]_[A-Za-z0-9]{30,}\b/g,
  /\bgithub_pat_[A-Za-z0-9_]{40,}\b/g,
  /\bglpat-[A-Za-z0-9_-]{20,}\b/g,
  /\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{20,}\b/g,
  /\bxox[abpors]-[A-Za-z0-9-]{10,}\b/g,
  /\bAKIA[0-9A-Z]{16}\b/g,
  /\bAIza[0-9A-Za-z_-]{35}\b/g,
  /\bAGE-SECRET-KEY-1[0-9A-Z]{58}\b/g,
];

/** Public keys look generated but are meant to be shared: SOPS age recipients above all. */
const PUBLIC_KEY = /^(age1[0-9a-z]{58}|ssh-(rsa|ed25519) .*)$/;
const PRIVATE_PEM = /-----BEGIN ((?:[A-Z]+ )?PRIVATE KEY(?: BLOCK)?)-----[\s\S]*?-----END \1-----/g;
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:)([^@\s/]+)(@)/gi;
const KEY_VALUE = /^(\s*-?\s*["']?)([\w.-]+)(["']?\s*[:=]\s*)(["']?)([^"'#\s][^"'#]*?)(\4)(\s*(?:#.*)?)$/;

/** Every credential-looking literal in `text`, found by format, by the key it is assigned to, or by its entropy. */
export function credentialLiterals(text: string): string[] {
  const found = new Set<string>();
  for (const pattern of KNOWN_TOKENS) for (const match of text.matchAll(pattern)) found.add(match[0]);
  for (const match of text.matchAll(PRIVATE_PEM)) found.add(match[0]);
  for (const match of text.matchAll(USERINFO)) found.add(match[2]!);
  let envName: string | undefined;
  for (const line of text.split('\n')) {
    const pair = KEY_VALUE.exec(line);
    if (pair) {
      const [, , key, , , value] = pair;
      // An env entry names its credential on one line (`- name: DB_PASSWORD`) and sets it on the next (`value: …`).
      if (key === 'name') envName = value;
      else if (key === 'value' && envName && isCredentialKey(envName) && !isSafeCredentialValue(value))
        found.add(value!);
      if (key !== 'name' && key !== 'value') envName = undefined;
      if (isCredentialKey(key!) && !isSafeCredentialValue(value) && !/^(true|false|null|\d+)$/.test(value!)) {
        found.add(value!.trim());
      }
    }
  }
  for (const token of highEntropyTokens(text)) found.add(token);
  return [...found].filter((value) => value.length >= 4 && !PUBLIC_KEY.test(value));
}
