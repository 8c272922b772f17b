/** Appends a map key to a dotted path; keys that are not plain identifiers are quoted in brackets. */
export function joinKey(path: string, key: string): string {
  if (/^[A-Za-z_$][\w$-]*$/.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(key)}]`;
}

/** Appends a list item, named (`containers[jellyfin]`) or by position (`tolerations[0]`). */
export function joinItem(path: string, id: string | number): string {
  return `${path}[${id}]`;
}

/** The last map key of a path: `privileged` for `containers[app].securityContext.privileged`. */
export function lastKey(field: string): string {
  const match = /(?:^|\.)([A-Za-z_$][\w$-]*)$|\["([^"]*)"\]$/.exec(field);
  return match?.[1] ?? match?.[2] ?? '';
}
