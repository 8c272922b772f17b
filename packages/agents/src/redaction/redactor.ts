import type { Vocabulary } from './anonymiser';
import { pseudonym } from './pseudonym';
import { secretDataValues } from './secret-data';
import { credentialLiterals } from './secret-patterns';
import { sopsValues } from './sops-mask';

export interface RedactorOptions {
  /** Keys the stand-ins: stable within the session, unrelated across sessions. Use the session id. */
  sessionKey: string;
  /** Anonymise these namespaces, names and hostnames too (reversibly); off when absent. */
  anonymise?: Vocabulary;
}

/**
 * Everything on its way to a model or a log goes through `redact`: SOPS ciphertext masked, Secret data and
 * credential-looking literals replaced by stable placeholders, and (optionally) namespaces, names and hostnames
 * anonymised. `restore` turns the model's text back into real values, so a model that rewrites a file with a
 * placeholder in it writes the original value, which it never saw.
 */
export class Redactor {
  private readonly forward = new Map<string, string>();
  private readonly backward = new Map<string, string>();
  private readonly anonymous: Array<[RegExp, string]> = [];

  constructor(private readonly options: RedactorOptions) {
    const vocabulary = options.anonymise;
    if (!vocabulary) return;
    const terms: Array<[string, string]> = [
      ...vocabulary.hostnames.map((h): [string, string] => [h, `host-${this.id('host', h, 6)}.example`]),
      ...vocabulary.namespaces.map((n): [string, string] => [n, `ns-${this.id('ns', n, 6)}`]),
      ...vocabulary.names.map((n): [string, string] => [n, `name-${this.id('name', n, 6)}`]),
    ];
    // Longest first, so `jellyfin-config` is not read as `jellyfin` + `-config`.
    for (const [real, stand] of terms.sort((a, b) => b[0].length - a[0].length)) {
      if (this.backward.has(stand)) continue;
      this.backward.set(stand, real);
      this.anonymous.push([
        new RegExp(`(?<![A-Za-z0-9.-])${escapeRegExp(real)}(?![A-Za-z0-9-]|\\.[A-Za-z0-9])`, 'g'),
        stand,
      ]);
    }
  }

  redact(text: string): string {
    let out = text;
    for (const value of sopsValues(out)) out = out.replaceAll(value, this.placeholder('sops', value));
    for (const value of secretDataValues(out)) out = this.replaceLiteral(out, value, 'secret');
    for (const value of credentialLiterals(out)) out = this.replaceLiteral(out, value, 'credential');
    for (const [pattern, stand] of this.anonymous) out = out.replace(pattern, stand);
    return out;
  }

  restore(text: string): string {
    let out = text;
    for (const [stand, real] of this.backward) out = out.replaceAll(stand, real);
    return out;
  }

  /** How many distinct values it has hidden so far. */
  get hidden(): number {
    return this.forward.size;
  }

  private replaceLiteral(text: string, value: string, kind: string): string {
    if (value.startsWith('ENC[masked') || value.startsWith('REDACTED-')) return text;
    return text.replaceAll(value, this.placeholder(kind, value));
  }

  private placeholder(kind: string, value: string): string {
    const known = this.forward.get(value);
    if (known) return known;
    const stand = kind === 'sops' ? `ENC[masked:${this.id(kind, value)}]` : `REDACTED-${kind}-${this.id(kind, value)}`;
    this.forward.set(value, stand);
    this.backward.set(stand, value);
    return stand;
  }

  private id(kind: string, value: string, length = 8): string {
    return pseudonym(this.options.sessionKey, kind, value, length);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
