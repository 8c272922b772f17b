import { isSopsEncrypted, parseYamlDocuments } from '@triad/analyzers';
import { isMap, isScalar, visit } from 'yaml';

const MASK = '<encrypted: edit with sops>';

/**
 * What a caller may see of a SOPS-encrypted YAML file: its structure (kind, name, keys) with every encrypted value
 * masked and the `sops` metadata reduced to a note. Nothing is decrypted. Undefined when the file is not encrypted.
 */
export function sopsView(text: string): string | undefined {
  let docs: ReturnType<typeof parseYamlDocuments>;
  try {
    docs = parseYamlDocuments(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(docs) || !docs.some((doc) => isSopsEncrypted(safeJs(doc)))) return undefined;
  const shown = docs.map((doc) => {
    if (!isSopsEncrypted(safeJs(doc))) return doc.toString();
    visit(doc, {
      Scalar(_key, node) {
        if (typeof node.value === 'string' && node.value.startsWith('ENC[')) node.value = MASK;
      },
    });
    if (isMap(doc.contents)) {
      const sops = doc.contents.items.find((pair) => isScalar(pair.key) && pair.key.value === 'sops');
      if (sops) sops.value = doc.createNode('<SOPS metadata: recipients and MAC, not shown>');
    }
    return doc.toString({ lineWidth: 0 });
  });
  return `# SOPS-encrypted file: values are masked and never decrypted; change them with sops, outside Triad.\n${shown.join('---\n')}`;
}

function safeJs(doc: { toJS(options?: object): unknown }): unknown {
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch {
    return undefined;
  }
}
