import type { Finding, RepoFiles } from '@triad/core';
import { isYamlPath } from '@triad/core';
import { type Document, LineCounter } from 'yaml';
import { insideHelmChart } from './helm-chart-files';
import type { ManifestDocument } from './manifest-document';
import { deepFreeze, TextCache } from './text-cache';
import { MAX_ALIAS_EXPANSIONS, parseYamlDocuments, setValueCacheLimit } from './yaml-documents';

/** Documents of every YAML manifest of a repo, and a finding per file that does not parse. */
export interface ParsedManifests {
  /** In file path order, then document order. */
  documents: ManifestDocument[];
  /** `yaml-parse-error` findings; a file that fails contributes no documents. */
  findings: Finding[];
  /** YAML files of local Helm charts (templates, values), in path order: no manifests, so not parsed (see `insideHelmChart`). */
  chartFiles: string[];
}

export const YAML_PARSE_ERROR = 'yaml-parse-error';

export function parseManifests(files: RepoFiles): ParsedManifests {
  const documents: ManifestDocument[] = [];
  const findings: Finding[] = [];
  const chartFiles: string[] = [];
  const inChart = insideHelmChart(files);
  for (const file of [...files.keys()].filter(isYamlPath).sort()) {
    if (inChart(file)) {
      chartFiles.push(file);
      continue;
    }
    const source = files.get(file) ?? '';
    const parsed = parseCache.get(file, source) ?? parseCache.put(file, source, parseFile(file, source));
    if ('error' in parsed) findings.push(parsed.error);
    else documents.push(...parsed.documents);
  }
  return { documents, findings, chartFiles };
}

type ParsedFile = { documents: ManifestDocument[] } | { error: Finding };

/**
 * Files parsed before, by path, while their text is the same: a session validates every proposal against the whole
 * repository, and all but a few files are the ones it parsed for the last. Cached documents are frozen (see
 * TextCache), so a check that tried to change a shared document fails loudly.
 */
const parseCache = new TextCache<ParsedFile>((parsed) => {
  // The plain data only: a document's `doc` and `lineCounter` are parsed on first use, and reading them would parse.
  if ('documents' in parsed) for (const document of parsed.documents) deepFreeze(document.object);
});

/**
 * How many characters of YAML source this process keeps parsed (0, the default, keeps none): whole files for
 * `parseManifests`, and single values for `parseYamlValue` (kustomization.yaml files, values files, patches).
 */
export function setParseCacheLimit(characters: number): void {
  parseCache.setLimit(characters);
  setValueCacheLimit(characters);
}

function parseFile(file: string, written: string): ParsedFile {
  let source = written;
  let lineCounter = new LineCounter();
  let docs = parseYamlDocuments(source, { lineCounter, logLevel: 'error' });
  if (!Array.isArray(docs)) return { documents: [] }; // an empty stream
  const failed = docs.flatMap((doc) => doc.errors)[0];
  if (failed) {
    // What Flux's YAML parser (Go's) reads and `yaml` refuses, written the way both read it, line for line.
    const relaxed = asGoReadsIt(written);
    const again = relaxed === written ? undefined : new LineCounter();
    const retried = again ? parseYamlDocuments(relaxed, { lineCounter: again, logLevel: 'error' }) : undefined;
    if (!again || !retried || !Array.isArray(retried) || retried.some((doc) => doc.errors.length > 0)) {
      return { error: parseError(file, failed.message.split('\n')[0] ?? failed.message, failed.linePos?.[0].line) };
    }
    source = relaxed;
    lineCounter = again;
    docs = retried;
  }
  const documents: ManifestDocument[] = [];
  const reparse = lazyParse(source);
  for (const [index, doc] of docs.entries()) {
    if (doc.contents === null) continue;
    let object: unknown;
    try {
      object = doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSIONS });
    } catch (error) {
      return { error: parseError(file, error instanceof Error ? error.message : String(error), undefined) };
    }
    if (object === null || object === undefined) continue; // `---` followed by comments only
    const offset = doc.contents.range?.[0] ?? 0;
    const line = lineCounter.linePos(offset).line;
    documents.push({
      file,
      index,
      line,
      object,
      range: [doc.range[0], doc.range[2]],
      get doc() {
        return reparse().docs[index]!;
      },
      get lineCounter() {
        return reparse().lineCounter;
      },
    });
  }
  return { documents };
}

/**
 * `source` with two forms Go's YAML parser accepts and `yaml` refuses written as both read them, on the same lines:
 * an alias as a mapping key right before its colon (`*app:`, which `yaml` reads as an alias named `app:`), and a block
 * scalar's `|` or `>` alone on the line after its key (moved up to the key, leaving that line empty).
 */
export function asGoReadsIt(source: string): string {
  return source
    .replace(/^([ \t]*(?:-[ \t]+)?)\*([^\s:,[\]{}]+):(?=[ \t]|$)/gm, '$1*$2 :')
    .replace(/^([ \t]*[^\s#-][^\n]*?:)[ \t]*\n([ \t]*)([|>][-+0-9]*)[ \t]*$/gm, '$1 $3\n$2');
}

/**
 * The file's `yaml` Documents, parsed again on first use only: a scan of thousands of files keeps plain data, and the
 * few documents that findings point into (for lines) or fixers edit pay for their nodes.
 */
function lazyParse(source: string): () => { docs: Document.Parsed[]; lineCounter: LineCounter } {
  let parsed: { docs: Document.Parsed[]; lineCounter: LineCounter } | undefined;
  return () => {
    if (!parsed) {
      const lineCounter = new LineCounter();
      // The first parse found no error, duplicate keys included: this one only builds nodes, without that check.
      parsed = {
        docs: parseYamlDocuments(source, { lineCounter, logLevel: 'error', uniqueKeys: false }) as Document.Parsed[],
        lineCounter,
      };
    }
    return parsed;
  };
}

function parseError(file: string, reason: string, line: number | undefined): Finding {
  return {
    id: `${YAML_PARSE_ERROR}/File/_/${file}`,
    check: YAML_PARSE_ERROR,
    severity: 'medium',
    category: 'stability',
    resource: { kind: 'File', name: file },
    file,
    ...(line === undefined ? {} : { line }),
    message: `${file} is not valid YAML: ${reason}. Flux cannot build it, and no other check looked at it.`,
    fixable: false,
    evidence: { reason },
  };
}
