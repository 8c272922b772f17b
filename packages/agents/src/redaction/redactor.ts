import { LiteralSet } from '@triad/analyzers';
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
  /** The stand-ins `restore` looks for, rebuilt only when a new one was handed out. */
  private standIns?: LiteralSet;

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
    // Each kind is one pass over the text for all its values (longest first where one holds another): a pass per
    // value made a manifest with thousands of literal credentials quadratic.
    let out = this.replaceAll(text, sopsValues(text), 'sops');
    out = this.replaceAll(out, secretDataValues(out).filter(isNotStandIn), 'secret');
    out = this.replaceAll(out, credentialLiterals(out).filter(isNotStandIn), 'credential');
    for (const [pattern, stand] of this.anonymous) out = out.replace(pattern, stand);
    return out;
  }

  restore(text: string): string {
    if (this.standIns?.values.length !== this.backward.size) this.standIns = new LiteralSet(this.backward.keys());
    return this.standIns.replace(text, (stand) => this.backward.get(stand)!);
  }

  /** How many distinct values it has hidden so far. */
  get hidden(): number {
    return this.forward.size;
  }

  private replaceAll(text: string, values: readonly string[], kind: string): string {
    if (values.length === 0) return text;
    return new LiteralSet(values).replace(text, (value) => this.placeholder(kind, value));
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

/** A value that is already one of the redactor's stand-ins is left as it is. */
function isNotStandIn(value: string): boolean {
  return !value.startsWith('ENC[masked') && !value.startsWith('REDACTED-');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
