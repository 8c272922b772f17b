import { type Document, isCollection, isMap, isScalar, type LineCounter, type Node } from 'yaml';

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
  const last = path[path.length - 1];
  const parent = path.length > 1 ? document.doc.getIn(path.slice(0, -1), true) : document.doc.contents;
  let node: Node | null | undefined;
  if (isMap(parent)) {
    const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === last);
    node = (pair?.key as Node | undefined) ?? undefined;
  } else if (isCollection(parent)) {
    node = parent.get(last, true) as Node | undefined;
  }
  const offset = node?.range?.[0];
  return offset === undefined ? document.line : document.lineCounter.linePos(offset).line;
}
