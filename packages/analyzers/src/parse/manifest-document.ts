import type { Document, LineCounter } from 'yaml';

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
  /** The `yaml` Document: node positions, and comment-preserving edits. */
  doc: Document.Parsed;
  /** Turns offsets of `doc`'s nodes into lines. */
  lineCounter: LineCounter;
}

/** 1-based line of the node at `path` in the document, or the document's own line when the node is absent. */
export function lineOf(document: ManifestDocument, path: readonly (string | number)[]): number {
  const node = document.doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
  const offset = node?.range?.[0];
  return offset === undefined ? document.line : document.lineCounter.linePos(offset).line;
}
