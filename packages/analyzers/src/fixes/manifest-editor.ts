import type { RepoFiles, ResourceRef } from '@triad/core';
import { diffArrays, diffLines } from 'diff';
import { Document } from 'yaml';
import { resourceRefOf } from '../parse/k8s-object';
import { MAX_ALIAS_EXPANSIONS, parseYamlDocuments } from '../parse/yaml-documents';

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
      const refs = opened.docs.map((doc) => resourceRefOf(doc.toJS()));
      let index = refs.findIndex((written) => sameObject(written, ref));
      // A finding names the object in the namespace kustomize or Flux gives it; its file may name another, or none.
      if (index < 0) {
        const named = refs.flatMap((written, i) =>
          written?.kind === ref.kind && written.name === ref.name ? [i] : [],
        );
        if (named.length === 1) index = named[0]!;
      }
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
      out += keepUntouchedLayout(original, aliasKeysAsWritten(String(doc.toString(stringifyOptions(original)))));
    } else {
      out += source.slice(cursor, end);
    }
    cursor = end;
  });
  out += source.slice(cursor);
  for (const text of appended) out += `${out === '' || out.endsWith('\n') ? '' : '\n'}---\n${text}`;
  return out;
}

/**
 * `yaml` writes a key that is an alias in the explicit form (`? *app` then `: containers:`); repositories write
 * `*app :` (an app-template controller named after its release). The value starts on the next line, two columns in,
 * where the explicit form put it after `: `, so the lines below keep their indentation and their meaning.
 */
function aliasKeysAsWritten(text: string): string {
  return text.replace(/^( *)\? (\*\S+)\n\1: (.*)$/gm, (_, indent: string, alias: string, rest: string) =>
    /^- |^[^\s#'"{[][^#]*?:( |$)/.test(rest)
      ? `${indent}${alias} :\n${indent}  ${rest}`
      : `${indent}${alias} : ${rest}`,
  );
}

/**
 * `yaml` re-serialises a whole document: a flow sequence written over several lines comes back on one, the blank line
 * before a comment that ends a block is dropped. A reviewer would read those as changes. Each run of changed lines
 * whose text differs only in whitespace gets its original lines back; the edit's own lines differ in more than that.
 * Bounded: a document whose changes are too many to diff cheaply (thousands of edited lines) is left as rendered.
 * Whitespace is structure in YAML, so the result must parse to the same value as the rendered text, or the rendered
 * text is kept.
 */
function keepUntouchedLayout(original: string, rendered: string): string {
  const parts = diffLines(original, rendered, { maxEditLength: LAYOUT_DIFF_LIMIT });
  if (!parts) return rendered;
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const next = parts[i + 1];
    if ((part.removed || part.added) && next && (next.removed || next.added) && next.removed !== part.removed) {
      const removed = part.removed ? part : next;
      const added = part.added ? part : next;
      out += mergeChange(removed.value, added.value);
      i++;
    } else if (part.removed) {
      out += blankLines(part.value); // dropped by re-serialising, nothing written instead
    } else {
      out += part.value;
    }
  }
  return out === rendered || sameValue(out, rendered) ? out : rendered;
}

function sameValue(a: string, b: string): boolean {
  const value = (text: string) => {
    const docs = parseYamlDocuments(text, { logLevel: 'silent' });
    // A text that does not parse says nothing, whatever value `yaml` recovers from it.
    if (docs.some((doc) => doc.errors.length > 0)) return undefined;
    return JSON.stringify(docs.map((doc) => doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSIONS })));
  };
  try {
    const x = value(a);
    return x !== undefined && x === value(b);
  } catch {
    return false;
  }
}

/**
 * One changed run: the original when only whitespace differs; else, line by line, the original of each line that
 * only moved or changed its indentation, the blank lines it had, and the new lines the edit wrote. A file that mixes
 * indented and flush sequences comes back from `yaml` in one style: a new line then takes the shift its kept
 * neighbours had (the nearest one above at its depth or shallower), so it sits where the file's own lines sit.
 */
function mergeChange(removed: string, added: string): string {
  if (squeeze(removed) === squeeze(added)) return removed;
  const before = removed.split(/(?<=\n)/);
  const after = added.split(/(?<=\n)/);
  const parts = diffArrays(before, after, { comparator: sameLine });
  let out = '';
  // Blank lines the re-serialising dropped separate what follows them: they go back right before the next kept line.
  let blanks = '';
  let old = 0;
  let neu = 0;
  /** Kept lines so far: their indentation as rendered, and how far the original sits from it. */
  const shifts: { rendered: number; shift: number }[] = [];
  // A placed line is kept too: the lines the edit writes under it take its shift.
  const placed = (lines: readonly string[]) =>
    lines
      .map((line) => {
        const moved = shifted(line, shifts);
        keep(moved, line);
        return moved;
      })
      .join('');
  // A list item's dash sits at its key's column when the file writes lists flush: it counts as one column deeper,
  // so that a key written after the list takes the shift of the keys beside it, not the list's.
  const keep = (original: string, rendered: string) => {
    if (!original.trim()) return;
    const depth = indentOf(rendered) + (rendered.trimStart().startsWith('- ') ? 1 : 0);
    shifts.push({ rendered: depth, shift: indentOf(original) - indentOf(rendered) });
  };
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const count = part.count ?? part.value.length;
    const next = parts[i + 1];
    if (part.removed && next?.added) {
      // Lines written again as fewer or more lines (a flow list put on one line, a folded string joined): the same
      // text once whitespace is gone keeps its original lines.
      const was = before.slice(old, old + count).join('');
      const nextCount = next.count ?? next.value.length;
      const nowLines = after.slice(neu, neu + nextCount);
      // The rewritten lines may be followed by lines the edit added (a new key after the last one).
      const kept = [...Array(Math.min(nowLines.length, 50)).keys()]
        .map((k) => k + 1)
        .find((k) => sameText(was, nowLines.slice(0, k).join('')));
      if (kept !== undefined) {
        // The original lines stand for the rendered ones: where they pair up line by line, their shifts are known.
        const wasLines = before.slice(old, old + count);
        const pairs = kept === wasLines.length ? kept : Math.min(1, kept);
        for (let k = 0; k < pairs; k++) keep(wasLines[k]!, nowLines[k]!);
        out += blanks + was + placed(nowLines.slice(kept));
        blanks = '';
      } else {
        blanks += blankLines(was);
        out += placed(nowLines);
      }
      old += count;
      neu += nextCount;
      i++;
    } else if (part.added) {
      out += placed(after.slice(neu, neu + count));
      neu += count;
    } else if (part.removed) {
      blanks += blankLines(before.slice(old, old + count).join(''));
      old += count;
    } else {
      for (let k = 0; k < count; k++) keep(before[old + k]!, after[neu + k]!);
      out += blanks + before.slice(old, old + count).join('');
      blanks = '';
      old += count;
      neu += count;
    }
  }
  return out + blanks;
}

const indentOf = (line: string) => line.search(/\S|$/);

/** `line` moved by the shift of the nearest kept line above it at its depth or shallower (none: as rendered). */
function shifted(line: string, shifts: readonly { rendered: number; shift: number }[]): string {
  if (!line.trim()) return line;
  const indent = indentOf(line);
  const shift = shifts.findLast((kept) => kept.rendered <= indent)?.shift ?? 0;
  if (shift > 0) return ' '.repeat(shift) + line;
  if (shift < 0) return line.slice(Math.min(-shift, indent));
  return line;
}

const LAYOUT_DIFF_LIMIT = 2_000;

/**
 * Two runs of lines that say the same: the same text once whitespace is gone, or, dedented, the same YAML value (a
 * `\n` escape in a double-quoted string that `yaml` writes back as a folded line).
 */
function sameText(was: string, now: string): boolean {
  if (squeeze(was) === squeeze(now)) return true;
  const value = (text: string) => {
    const indent = Math.min(
      ...text
        .split('\n')
        .filter((line) => line.trim())
        .map((line) => line.search(/\S/)),
    );
    const dedented = text
      .split('\n')
      .map((line) => line.slice(Number.isFinite(indent) ? indent : 0))
      .join('\n');
    const [doc, ...more] = parseYamlDocuments(dedented, { logLevel: 'silent' });
    if (!doc || more.length > 0 || doc.errors.length > 0 || doc.contents === null) return undefined;
    try {
      return JSON.stringify(doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSIONS }));
    } catch {
      return undefined; // a fragment whose alias names an anchor outside it (`*app :` under `name: &app …`)
    }
  };
  const a = value(was);
  return a !== undefined && a === value(now);
}
const blankLines = (text: string) =>
  text
    .split(/(?<=\n)/)
    .filter((line) => squeeze(line) === '')
    .join('');
/**
 * A line's text as far as layout goes: no whitespace, and numbers as `yaml` writes them back. `yaml` reads YAML 1.2,
 * where `defaultMode: 0400` is decimal 400, and writes `400`; Kubernetes reads YAML 1.1, where `0400` is octal: a file
 * mode the fix never touched would have become 0620. Such a line keeps its original text, which the same-value check
 * accepts (both read 400 in 1.2).
 */
/**
 * Two lines that say the same: the same text once whitespace is gone, or once quotes are gone too (`yaml` drops the
 * quotes of a string that needs none: `name: "TZ"` comes back as `name: TZ`); the original line is what is kept.
 */
const sameLine = (a: string, b: string) => {
  const [x, y] = [squeeze(a), squeeze(b)];
  return x === y || x.replace(/["']/g, '') === y.replace(/["']/g, '');
};

const squeeze = (text: string) =>
  text
    .replace(/\s+/g, '')
    .replace(/,(?=[\]}])/g, '')
    .replace(/(^|[:\-[,{])([+-]?)0+(?=\d)/g, '$1$2')
    .replace(/0x[0-9a-f]+/gi, (hex) => hex.toLowerCase());

/**
 * Keeps the file's own habits: sequences indented under their key or not, as most of its sequences are (a file
 * rendered from several charts may mix both), no folding of long lines.
 */
function stringifyOptions(original: string) {
  const flush = original.match(/^( *)[^\s#-][^\n]*:[ \t]*\n\1- /gm)?.length ?? 0;
  const indented = original.match(/^( *)[^\s#-][^\n]*:[ \t]*\n\1 +- /gm)?.length ?? 0;
  return { lineWidth: 0, indentSeq: flush <= indented, flowCollectionPadding: false } as const;
}
