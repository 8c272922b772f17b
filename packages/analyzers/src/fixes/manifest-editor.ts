import type { RepoFiles, ResourceRef } from '@triad/core';
import { Document } from 'yaml';
import { resourceRefOf } from '../parse/k8s-object';
import { parseYamlDocuments } from '../parse/yaml-documents';

/**
 * Comment-preserving edits of repo files through the `yaml` Document API. Only the documents a fixer touched are
 * re-serialised; every other byte of the file stays as it was.
 */
export interface ManifestEditor {
  /** The document of `file` that declares `ref` (kind, namespace, name), ready to edit; undefined when absent. */
  document(file: string, ref: ResourceRef): Document.Parsed | undefined;
  /** Appends a new document (a PVC, a placeholder Secret) to `file`, after a `---`, with comment lines above it. */
  appendDocument(file: string, object: unknown, comment?: string): void;
  /** The `index`th document of `file` (a kustomization.yaml has no name to find it by), ready to edit. */
  documentAt(file: string, index?: number): Document.Parsed | undefined;
  /** How many documents `file` holds; 0 when it is absent or does not parse. */
  documentCount(file: string): number;
  /** Whether `file` exists, counting files created and removed through the editor. */
  exists(file: string): boolean;
  /** Creates `file` holding `object` as YAML; false when the file already exists. */
  createFile(file: string, object: unknown): boolean;
  /** Removes `file` from the repository. */
  removeFile(file: string): void;
  /** Files whose documents were edited, and files created, with their new content. */
  changedFiles(): Map<string, string>;
  /** Files removed. */
  removedFiles(): string[];
}

interface OpenFile {
  source: string;
  docs: Document.Parsed[];
  /** Indices of the documents handed out for editing. */
  touched: Set<number>;
  /** Documents to append, already rendered. */
  appended: string[];
}

export function createManifestEditor(files: RepoFiles): ManifestEditor {
  const open = new Map<string, OpenFile | null>();
  const created = new Map<string, string>();
  const removed = new Set<string>();

  function openFile(file: string): OpenFile | null {
    if (!open.has(file)) {
      const source = files.get(file);
      const docs = source === undefined ? [] : parseYamlDocuments(source);
      const usable = source !== undefined && Array.isArray(docs) && docs.every((doc) => doc.errors.length === 0);
      open.set(file, usable ? { source, docs: docs as Document.Parsed[], touched: new Set(), appended: [] } : null);
    }
    return open.get(file) ?? null;
  }

  const exists = (file: string) => created.has(file) || (files.has(file) && !removed.has(file));

  return {
    document(file, ref) {
      const opened = openFile(file);
      if (!opened) return undefined;
      const index = opened.docs.findIndex((doc) => sameObject(resourceRefOf(doc.toJS()), ref));
      if (index < 0) return undefined;
      opened.touched.add(index);
      return opened.docs[index];
    },
    appendDocument(file, object, comment) {
      const opened = openFile(file);
      if (!opened) return;
      const doc = new Document(object);
      if (comment) doc.commentBefore = comment;
      opened.appended.push(String(doc.toString(stringifyOptions(opened.source))));
    },
    documentAt(file, index = 0) {
      const opened = openFile(file);
      const doc = opened?.docs[index];
      if (!opened || !doc) return undefined;
      opened.touched.add(index);
      return doc;
    },
    documentCount(file) {
      return openFile(file)?.docs.length ?? 0;
    },
    exists,
    createFile(file, object) {
      if (exists(file)) return false;
      created.set(file, String(new Document(object).toString(stringifyOptions(''))));
      return true;
    },
    removeFile(file) {
      created.delete(file);
      if (files.has(file)) removed.add(file);
    },
    changedFiles() {
      const changed = new Map<string, string>();
      for (const [file, opened] of open) {
        if (removed.has(file) || !opened || (opened.touched.size === 0 && opened.appended.length === 0)) continue;
        const content = render(opened);
        if (content !== opened.source) changed.set(file, content);
      }
      for (const [file, content] of created) changed.set(file, content);
      return changed;
    },
    removedFiles() {
      return [...removed];
    },
  };
}

function sameObject(a: ResourceRef | undefined, b: ResourceRef): boolean {
  return a !== undefined && a.kind === b.kind && a.name === b.name && (a.namespace ?? '') === (b.namespace ?? '');
}

/** Splices the re-serialised touched documents into the original text. */
function render({ source, docs, touched, appended }: OpenFile): string {
  let out = '';
  let cursor = 0;
  docs.forEach((doc, index) => {
    const end = doc.range[2];
    if (touched.has(index)) {
      const original = source.slice(cursor, end);
      out += String(doc.toString(stringifyOptions(original)));
    } else {
      out += source.slice(cursor, end);
    }
    cursor = end;
  });
  out += source.slice(cursor);
  for (const text of appended) out += `${out === '' || out.endsWith('\n') ? '' : '\n'}---\n${text}`;
  return out;
}

/** Keeps the file's own habits: sequences indented under their key or not, no folding of long lines. */
function stringifyOptions(original: string) {
  const unindentedSequence = /^( *)[^\s#-][^\n]*:[ \t]*\n\1- /m.test(original);
  return { lineWidth: 0, indentSeq: !unindentedSequence, flowCollectionPadding: false } as const;
}
