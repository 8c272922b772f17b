import { RE2JS } from 're2js';

/** Longest pattern taken from a repository; longer ones are refused, not compiled. */
export const MAX_REPO_PATTERN = 1024;
/** Longest subject matched; repository paths and object names are far shorter. */
const MAX_SUBJECT = 4096;

/** A pattern from repository text, compiled by a linear-time (RE2) engine, or why it was refused. */
export type RepoRegex =
  | {
      ok: true;
      /** True when the pattern matches somewhere in `text` (like `RegExp.prototype.test`). */
      test(text: string): boolean;
    }
  | {
      ok: false;
      /** The pattern as written (cut to 80 characters). */
      pattern: string;
      /** One line: why it was refused and what to write instead. */
      reason: string;
    };

const cache = new Map<string, RepoRegex>();

/**
 * Compiles a regex written in a repository (`.sops.yaml` `path_regex`, a Flux patch's `target.name`) with RE2
 * semantics: matching time is linear in the input whatever the pattern, so `(a+)+$` cannot hang Triad. Patterns RE2
 * does not accept (backreferences, lookaround, a syntax error such as `(`) are refused with a reason, never thrown.
 */
export function repoRegex(pattern: string): RepoRegex {
  const known = cache.get(pattern);
  if (known) return known;
  const compiled = compile(pattern);
  if (cache.size > 1000) cache.clear();
  cache.set(pattern, compiled);
  return compiled;
}

function compile(pattern: string): RepoRegex {
  const shown = pattern.length > 80 ? `${pattern.slice(0, 77)}...` : pattern;
  if (pattern.length > MAX_REPO_PATTERN) {
    return {
      ok: false,
      pattern: shown,
      reason: `it is longer than ${MAX_REPO_PATTERN} characters: write a shorter pattern`,
    };
  }
  try {
    const re = RE2JS.compile(pattern);
    return {
      ok: true,
      test: (text) => re.matcher(text.length > MAX_SUBJECT ? text.slice(0, MAX_SUBJECT) : text).find(),
    };
  } catch (error) {
    const detail = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    return {
      ok: false,
      pattern: shown,
      reason: `it is not a valid RE2 regular expression (${detail}): use RE2 syntax, which Go tools such as sops and kustomize use too`,
    };
  }
}
