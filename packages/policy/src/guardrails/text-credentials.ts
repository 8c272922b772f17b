import { knownTokens, LiteralSet, parseYamlDocuments } from '@triad/analyzers';
import { isCredentialKey, isSafeCredentialValue } from './credential-key';
import { highEntropyTokens } from './entropy';

/** A credential-looking value in free text (Markdown, a report, a comment), and what gave it away. */
export interface TextCredential {
  /** e.g. `line 12 sets DB_PASSWORD`; never the value. */
  where: string;
  value: string;
}

/** `key: value`, `key = value`, `- KEY=value`, `export KEY="value"`, one per line. */
const ASSIGNMENT = /^[\t >*#]*(?:-[\t ]*)?(?:export[\t ]+)?["'`]?([\w.-]{1,128})["'`]?[\t ]*[:=](.*)$/;
const USERINFO = /\b[a-z][a-z0-9+.-]{0,20}:\/\/[^:/@\s]{1,256}:([^@\s/]{1,256})@/gi;
/** `KEY=value` inside a sentence (`Set DB_PASSWORD=… on the host`): a shell assignment written in prose. */
const INLINE_ASSIGNMENT = /(?<![\w.-])([A-Za-z_][\w.-]{0,127})=(["'`]?)([^\s"'`]{1,512})\2/g;
/** Public keys look generated but are meant to be shared. */
const PUBLIC = /^(age1[0-9a-z]{58}|ssh-(rsa|ed25519)\b.*|sha256:[0-9a-f]{64})$/i;
const LONGEST_LINE = 4096;
const PEM = /-----BEGIN ([A-Z0-9 ]{1,64})-----[\s\S]*?-----END \1-----/g;
const PUBLIC_PEM =
  /^(CERTIFICATE|TRUSTED CERTIFICATE|X509 CRL|(NEW )?CERTIFICATE REQUEST|PUBLIC KEY|RSA PUBLIC KEY|PGP PUBLIC KEY BLOCK|PGP SIGNATURE|PGP MESSAGE|AGE ENCRYPTED FILE)$/;
const REDACTED = /^\[?redacted\]?$/i;

function fromLines(text: string, out: TextCredential[]): void {
  let envName: string | undefined;
  text.split('\n').forEach((raw, i) => {
    const line = raw.length > LONGEST_LINE ? raw.slice(0, LONGEST_LINE) : raw;
    for (const [, key = '', , value = ''] of line.matchAll(INLINE_ASSIGNMENT)) {
      if (isCredentialKey(key) && !isSafeCredentialValue(value))
        out.push({ where: `line ${i + 1} sets ${key}`, value });
    }
    const match = ASSIGNMENT.exec(line);
    if (!match) return;
    const [, key = '', rest = ''] = match;
    const value = rest
      .replace(/[\t ]#.*$/, '')
      .trim()
      .replace(/^(["'`])(.*)\1$/, '$2');
    const named = key === 'value' && envName !== undefined ? envName : key;
    envName = key === 'name' ? value : undefined;
    if (!isCredentialKey(named) || isSafeCredentialValue(value) || /^(true|false|null|~|\d+|[|>][-+]?)$/i.test(value))
      return;
    out.push({ where: `line ${i + 1} sets ${named}`, value });
  });
}

/** Secrets written out in YAML inside the text: a Markdown code block, or the whole text when it is YAML. */
function fromSecretManifests(text: string, out: TextCredential[]): void {
  if (!/kind:\s*["']?Secret\b/.test(text)) return;
  const blocks = [...text.matchAll(/^[\t ]*(```|~~~)[^\n]*\n([\s\S]*?)^[\t ]*\1/gm)].map((m) => m[2] ?? '');
  for (const block of [text, ...blocks]) {
    for (const doc of parseYamlDocuments(block, { logLevel: 'silent' })) {
      if (doc.errors.length > 0) continue;
      let value: unknown;
      try {
        value = doc.toJS({ maxAliasCount: 100 });
      } catch {
        continue;
      }
      const record = value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
      if (record.kind !== 'Secret' || record.sops) continue;
      for (const field of ['data', 'stringData']) {
        const map = record[field];
        if (!map || typeof map !== 'object') continue;
        for (const [key, item] of Object.entries(map)) {
          if (isSafeCredentialValue(item)) continue;
          out.push({ where: `a Secret's ${field}.${key}`, value: String(item).trim() });
        }
      }
    }
  }
}

/**
 * Every credential-looking value in free text: known token formats (the analyzers' list), private PEM blocks,
 * passwords in URLs, values assigned to credential-named keys (env pairs included), Secret manifests in code blocks,
 * and generated-looking tokens. `pem: false` and `tokens: false` leave out what another rule already checks.
 */
export function textCredentials(input: string, options: { pem?: boolean; tokens?: boolean } = {}): TextCredential[] {
  const out: TextCredential[] = [];
  // PEM blocks are judged whole: a private key is one credential, a certificate none (its base64 is not a token).
  for (const m of input.matchAll(PEM)) {
    if (options.pem !== false && !PUBLIC_PEM.test(m[1] ?? ''))
      out.push({ where: `a PEM block (${m[1]})`, value: m[0] });
  }
  const text = input.replace(PEM, '');
  if (options.tokens !== false) {
    for (const token of knownTokens(text)) out.push({ where: `a ${token.label}`, value: token.value });
  }
  for (const m of text.matchAll(USERINFO)) out.push({ where: 'a password in a URL', value: m[1] ?? '' });
  fromLines(text, out);
  fromSecretManifests(text, out);
  for (const token of highEntropyTokens(text)) out.push({ where: 'a generated-looking token', value: token });
  const seen = new Set<string>();
  return out.filter(
    ({ value }) =>
      value.length >= 4 && !PUBLIC.test(value) && !REDACTED.test(value) && !seen.has(value) && seen.add(value),
  );
}

/** `text` with every credential-looking value replaced by `[redacted]`, longest first, in one pass for all values. */
export function redactCredentials(text: string): string {
  return new LiteralSet(textCredentials(text).map((c) => c.value)).replace(text, () => '[redacted]');
}
