import { SIM_KINDS, type SimKind } from './kinds';

/** What a request path names. */
export interface ApiRoute {
  kind: SimKind;
  namespace?: string;
  name?: string;
}

/** `/api/v1[/namespaces/<ns>]/<plural>[/<name>]` or `/apis/<group>/<version>[/namespaces/<ns>]/<plural>[/<name>]`. */
export function parseRoute(pathname: string): ApiRoute | undefined {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api') {
    group = '';
    version = parts[1] ?? '';
    rest = parts.slice(2);
  } else if (parts[0] === 'apis') {
    group = parts[1] ?? '';
    version = parts[2] ?? '';
    rest = parts.slice(3);
  } else {
    return undefined;
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [plural, name, extra] = rest;
  if (!plural || extra !== undefined) return undefined;
  const kind = SIM_KINDS.find((k) => k.group === group && k.version === version && k.plural === plural);
  if (!kind) return undefined;
  if (namespace && !kind.namespaced) return undefined;
  return { kind, ...(namespace ? { namespace } : {}), ...(name ? { name } : {}) };
}
