import {
  type Document,
  type DocumentOptions,
  type EmptyStream,
  isMap,
  isScalar,
  LineCounter,
  type Node,
  type ParsedNode,
  type ParseOptions,
  parseAllDocuments,
  type SchemaOptions,
  type ToJSOptions,
  visit,
  YAMLParseError,
} from 'yaml';
import { deepFreeze, TextCache } from './text-cache';

type Options = ParseOptions & DocumentOptions & SchemaOptions;
/** What `parseAllDocuments` returns, typed as it types it. */
type YamlDocuments<Contents extends Node, Strict extends boolean> =
  | Array<Contents extends ParsedNode ? Document.Parsed<Contents, Strict> : Document<Contents, Strict>>
  | EmptyStream;

/**
 * `parseAllDocuments` for repository text, with duplicate keys found in linear time. `yaml`'s own check
 * (`uniqueKeys: true`, its default) compares each key with every earlier key of its map, so a map of N keys costs
 * N²/2 comparisons: the 12,600-key Secret a credential fix writes took seconds per parse, and every draft parses it
 * several times. A duplicate key is still the document's error, `DUPLICATE_KEY` "Map keys must be unique" at the
 * second key, as `yaml` reports it.
 */
export function parseYamlDocuments<Contents extends Node = ParsedNode, Strict extends boolean = true>(
  text: string,
  options: Options = {},
): YamlDocuments<Contents, Strict> {
  const lineCounter = options.lineCounter ?? new LineCounter();
  // Merge keys (`<<: *base`) are expanded, as kustomize and Helm (Go YAML) expand them: a container that takes its
  // securityContext from another through `<<` has it.
  const docs = parseAllDocuments(text, { merge: true, ...options, lineCounter, uniqueKeys: false });
  const typed = docs as unknown as YamlDocuments<Contents, Strict>;
  if (!Array.isArray(docs) || options.uniqueKeys === false) return typed;
  for (const doc of docs) {
    const at = duplicateKeyOffset(doc);
    if (at === undefined) continue;
    const error = new YAMLParseError([at, at + 1], 'DUPLICATE_KEY', 'Map keys must be unique');
    if (options.prettyErrors !== false) {
      const start = lineCounter.linePos(at);
      error.linePos = [start, { line: start.line, col: start.col + 1 }];
      const lineStart = lineCounter.lineStarts[start.line - 1] ?? at;
      const source = text.slice(lineStart, text.indexOf('\n', at) < 0 ? undefined : text.indexOf('\n', at));
      error.message += ` at line ${start.line}, column ${start.col}:\n\n${source}\n${' '.repeat(start.col - 1)}^\n`;
    }
    // In source order among the document's other errors, as `yaml` would have raised it while composing.
    const index = doc.errors.findIndex((other) => other.pos[0] > at);
    doc.errors.splice(index < 0 ? doc.errors.length : index, 0, error);
  }
  return typed;
}

/** Where the first key that repeats an earlier key of the same map starts (keys equal as `yaml` compares them). */
function duplicateKeyOffset(doc: Document): number | undefined {
  let found: number | undefined;
  visit(doc, {
    Map(_, map) {
      if (!isMap(map)) return;
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        if (seen.has(pair.key.value)) {
          const at = pair.key.range?.[0];
          if (at !== undefined && (found === undefined || at < found)) found = at;
        } else seen.add(pair.key.value);
      }
    },
  });
  return found;
}

/**
 * `yaml`'s `parse` for repository text, with the linear duplicate-key check of `parseYamlDocuments`: the first
 * document's value. Like `parse`, it throws the first error (a second document is one) unless `logLevel` is
 * `silent`, when errors are ignored; unlike it, it logs no warnings (libraries do not log).
 *
 * With the parse cache on (`setParseCacheLimit`), a text parsed before with the same options is not parsed again:
 * the frozen value (or the same error) comes back. Every proposal's validation reads each kustomization.yaml of the
 * repository, and all but a few are the texts it read for the last one.
 */
export function parseYamlValue(text: string, options: Options & ToJSOptions = {}): unknown {
  if (valueCacheLimit === 0 || !isCacheable(options)) return parseValue(text, options);
  const key = optionsKey(options);
  let cache = valueCaches.get(key);
  if (!cache) {
    cache = new TextCache<ValueOutcome>(freezeOutcome);
    cache.setLimit(valueCacheLimit);
    valueCaches.set(key, cache);
  }
  // Keyed by the text itself: a repository's files are the same strings from one read to the next, so a hit costs a
  // lookup, not a comparison of the whole text.
  let outcome = cache.get(text, text);
  if (!outcome) {
    try {
      outcome = { value: parseValue(text, options) };
    } catch (error) {
      outcome = { error };
    }
    cache.put(text, text, outcome);
  }
  if ('error' in outcome) throw outcome.error;
  return outcome.value;
}

type ValueOutcome = { value: unknown } | { error: unknown };

/** Parsed values by options, then by text. Errors are kept as they were thrown (a caller may add to them). */
const valueCaches = new Map<string, TextCache<ValueOutcome>>();
let valueCacheLimit = 0;

function freezeOutcome(outcome: ValueOutcome): void {
  if ('value' in outcome) deepFreeze(outcome.value);
}

/** Turned on and off with `setParseCacheLimit`: the budget of each options set's cache. */
export function setValueCacheLimit(characters: number): void {
  valueCacheLimit = Math.max(0, characters);
  for (const cache of valueCaches.values()) cache.setLimit(valueCacheLimit);
}

/** Options made only of plain settings (no line counter, reviver or callback) give the same value for the same text. */
function isCacheable(options: Options & ToJSOptions): boolean {
  return Object.values(options).every(
    (value) => value === undefined || (typeof value !== 'object' && typeof value !== 'function'),
  );
}

function optionsKey(options: Options & ToJSOptions): string {
  return JSON.stringify(Object.entries(options).sort(([a], [b]) => a.localeCompare(b)));
}

function parseValue(text: string, options: Options & ToJSOptions): unknown {
  const docs = parseYamlDocuments(text, options);
  const doc = docs[0];
  if (!doc) return null;
  if (options.logLevel !== 'silent') {
    if (doc.errors.length > 0) throw doc.errors[0];
    const second = docs[1];
    if (second) {
      const [start, end] = second.range;
      throw new YAMLParseError(
        [start, end],
        'MULTIPLE_DOCS',
        'Source contains multiple documents; please use YAML.parseAllDocuments()',
      );
    }
  }
  return doc.toJS(options);
}

/**
 * How many alias expansions one document of a repository may make, as `yaml` counts them (each alias times the nodes
 * it stands for): room for a PrometheusRule that names one anchor in a few hundred rules, none for an alias bomb whose
 * anchors nest (ten of ten of ten…). `yaml`'s own default (100) refuses the first; Go's YAML, which Flux uses, builds it.
 */
export const MAX_ALIAS_EXPANSIONS = 10_000;
