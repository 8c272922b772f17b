import { type Document, isAlias, isCollection, isMap, isScalar, type LineCounter, type Node } from 'yaml';

/** One YAML document of a repo file, parsed. */
export interface ManifestDocument {
  /** Repo-relative POSIX path of the file. */
  file: string;
  /** 0-based position of the document in its file. */
  index: number;
  /** 1-based line where the document's content starts. */
  line: number;
  /** The document as plain data (`toJS`). */
  object: unknown;
  /** Offsets of the document in its file: start, end. */
  range: readonly [number, number];
  /** The `yaml` Document, for node positions; parsed again on first use, so a scan keeps only plain data. */
  readonly doc: Document.Parsed;
  /** Turns offsets of `doc`'s nodes into lines. */
  readonly lineCounter: LineCounter;
}

/** 1-based line of the field at `path` (its key, for a mapping entry), or the document's own line when it is absent. */
export function lineOf(document: ManifestDocument, path: readonly (string | number)[]): number {
  const doc = document.doc;
  let parent: unknown = doc.contents;
  let node: Node | undefined;
  for (const [i, step] of path.entries()) {
    node = undefined;
    if (isMap(parent)) {
      // A key may be an alias of an anchored name (`controllers: {*app: …}`): it stands for that name.
      const pair = parent.items.find((item) => keyText(doc, item.key) === String(step));
      node = i === path.length - 1 ? (pair?.key as Node | undefined) : (pair?.value as Node | undefined);
    } else if (isCollection(parent)) {
      node = parent.get(step, true) as Node | undefined;
    }
    if (!node) break;
    // A value that is an alias (`securityContext: *hardened`) is shared: the line that uses it names this place.
    if (isAlias(node)) break;
    parent = node;
  }
  const offset = node?.range?.[0];
  return offset === undefined ? document.line : document.lineCounter.linePos(offset).line;
}

/** The text a mapping key stands for: a scalar's value, or the value of the scalar an alias key points at. */
function keyText(doc: Document.Parsed, key: unknown): string | undefined {
  const target = isAlias(key) ? key.resolve(doc) : key;
  return isScalar(target) ? String(target.value) : undefined;
}
