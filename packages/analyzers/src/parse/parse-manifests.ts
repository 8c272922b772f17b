import type { Finding, RepoFiles } from '@triad/core';
import { type Document, LineCounter } from 'yaml';
import type { ManifestDocument } from './manifest-document';
import { parseYamlDocuments } from './yaml-documents';
import { isYamlFile } from './yaml-file';

/** Documents of every YAML file of a repo, and a finding per file that does not parse. */
export interface ParsedManifests {
  /** In file path order, then document order. */
  documents: ManifestDocument[];
  /** `yaml-parse-error` findings; a file that fails contributes no documents. */
  findings: Finding[];
}

export const YAML_PARSE_ERROR = 'yaml-parse-error';

export function parseManifests(files: RepoFiles): ParsedManifests {
  const documents: ManifestDocument[] = [];
  const findings: Finding[] = [];
  for (const file of [...files.keys()].filter(isYamlFile).sort()) {
    const parsed = parseFile(file, files.get(file) ?? '');
    if ('error' in parsed) findings.push(parsed.error);
    else documents.push(...parsed.documents);
  }
  return { documents, findings };
}

function parseFile(file: string, source: string): { documents: ManifestDocument[] } | { error: Finding } {
  const lineCounter = new LineCounter();
  const docs = parseYamlDocuments(source, { lineCounter, logLevel: 'error' });
  if (!Array.isArray(docs)) return { documents: [] }; // an empty stream
  const failed = docs.flatMap((doc) => doc.errors)[0];
  if (failed) {
    return { error: parseError(file, failed.message.split('\n')[0] ?? failed.message, failed.linePos?.[0].line) };
  }
  const documents: ManifestDocument[] = [];
  const reparse = lazyParse(source);
  for (const [index, doc] of docs.entries()) {
    if (doc.contents === null) continue;
    let object: unknown;
    try {
      object = doc.toJS({ maxAliasCount: 100 });
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
 * The file's `yaml` Documents, parsed again on first use only: a scan of thousands of files keeps plain data, and the
 * few documents that findings point into (for lines) or fixers edit pay for their nodes.
 */
function lazyParse(source: string): () => { docs: Document.Parsed[]; lineCounter: LineCounter } {
  let parsed: { docs: Document.Parsed[]; lineCounter: LineCounter } | undefined;
  return () => {
    if (!parsed) {
      const lineCounter = new LineCounter();
      parsed = {
        docs: parseYamlDocuments(source, { lineCounter, logLevel: 'error' }) as Document.Parsed[],
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
