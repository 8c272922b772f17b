/**
 * Matches a regular expression written in the repository (`.sops.yaml`'s `path_regex`, `encrypted_regex`…) the way
 * sops does: unanchored, against the whole text. The one place such a pattern is compiled, so a bounded matcher can
 * replace `RegExp` here alone. A pattern that does not compile matches nothing.
 */
export function matchPathRegex(pattern: string, text: string): boolean {
  let compiled = cache.get(pattern);
  if (compiled === undefined) {
    try {
      compiled = new RegExp(pattern);
    } catch {
      compiled = null;
    }
    cache.set(pattern, compiled);
  }
  return compiled?.test(text) ?? false;
}

/** Whether `pattern` compiles at all; a rule whose regex does not is reported, not silently skipped. */
export function isValidPathRegex(pattern: string): boolean {
  matchPathRegex(pattern, '');
  return cache.get(pattern) !== null;
}

const cache = new Map<string, RegExp | null>();
