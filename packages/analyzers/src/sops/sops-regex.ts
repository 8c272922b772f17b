import { repoRegex } from '../regex/repo-regex';

/**
 * Matches a regular expression written in the repository (`.sops.yaml`'s `path_regex`, `encrypted_regex`…) the way
 * sops does: unanchored, against the whole text, with RE2 semantics (sops is Go). It runs on the same linear-time
 * engine as every other repository pattern, so `(a+)+$` against a long file name cannot hold a fixer, a draft or a
 * worker: with a backtracking `RegExp` here, the plaintext-secret fixer spun for ever on such a `.sops.yaml`.
 * A pattern that RE2 refuses matches nothing.
 */
export function matchPathRegex(pattern: string, text: string): boolean {
  const compiled = repoRegex(pattern);
  return compiled.ok && compiled.test(text);
}

/** Whether `pattern` compiles at all; a rule whose regex does not is reported, not silently skipped. */
export function isValidPathRegex(pattern: string): boolean {
  return repoRegex(pattern).ok;
}
