import type { ParsedEdit } from './parsed-edit';
import type { Refusal } from './refusal';
import { textCredentials } from './text-credentials';

/** PEM blocks and known token formats are `credential-literal`'s own, in every file. */
const NO_PEM = { pem: false, tokens: false };

/** The text the structural YAML rules do not read: a whole non-YAML file (Markdown, an ADR), or a YAML file's comments. */
function freeText(p: ParsedEdit, text: string | null): string {
  if (text === null) return '';
  if (!p.yaml) return text;
  return text
    .split('\n')
    .filter((line) => /^\s*#/.test(line))
    .join('\n');
}

/**
 * `credential-literal` for free text: every file a change writes is checked, Markdown and ADRs included, so a Secret
 * or a password pasted into prose is refused like one in a manifest. Values the file already held do not count.
 */
export function checkTextCredentials(parsed: readonly ParsedEdit[]): Refusal[] {
  const known = new Set(parsed.flatMap((p) => textCredentials(freeText(p, p.edit.before), NO_PEM).map((c) => c.value)));
  return parsed.flatMap((p) => {
    const found = textCredentials(freeText(p, p.edit.after), NO_PEM).filter((c) => !known.has(c.value));
    return found.map(
      (c): Refusal => ({
        rule: 'credential-literal',
        path: p.edit.path,
        message: `${p.edit.path}: ${c.where} holds a literal credential: never write a secret into a file, a document or an ADR; describe it and reference a SOPS-encrypted Secret instead.`,
      }),
    );
  });
}
