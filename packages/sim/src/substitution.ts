/** Flux's post-build variables: `${NAME}`, `${NAME:=default}`, `${NAME:-default}`. */
const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-=]([^}]*))?\}/g;

/** Replaces every variable that `values` (or its default) resolves; returns the text and the names left unresolved. */
export function substitute(text: string, values: ReadonlyMap<string, string>): { text: string; unresolved: string[] } {
  const unresolved = new Set<string>();
  const out = text.replace(VARIABLE, (whole, name: string, fallback: string | undefined) => {
    const value = values.get(name) ?? fallback;
    if (value === undefined) {
      unresolved.add(name);
      return whole;
    }
    return value;
  });
  return { text: out, unresolved: [...unresolved].sort() };
}

/** Names of the variables in `text`, without resolving them. */
export function variablesIn(text: string): string[] {
  return [...new Set([...text.matchAll(VARIABLE)].filter((m) => m[2] === undefined).map((m) => m[1] ?? ''))].sort();
}
