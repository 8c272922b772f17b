import { asRecord } from '../parse/k8s-object';

const REFERENCE = /(\$?)\$\{([^}]*)\}/g;
const NAME = /^[_a-zA-Z][_a-zA-Z0-9]*/;
/** Operators after the name that give a value when the variable is unset. */
const DEFAULTS = /^(:?[-=+])/;

/**
 * Names of the variables Flux's post-build substitution must resolve in a value: `${VAR}` (also with `:?`, case or
 * substring operators), but not `$${VAR}` (escaped) nor `${VAR:=default}`/`${VAR:-default}` and the like.
 */
export function unresolvedVariables(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    for (const match of value.matchAll(REFERENCE)) {
      if (match[1] === '$') continue;
      const body = match[2] ?? '';
      const name = NAME.exec(body)?.[0];
      if (!name || DEFAULTS.test(body.slice(name.length))) continue;
      out.add(name);
    }
  } else if (Array.isArray(value)) {
    for (const item of value) unresolvedVariables(item, out);
  } else {
    for (const [key, child] of Object.entries(asRecord(value) ?? {})) {
      unresolvedVariables(key, out);
      unresolvedVariables(child, out);
    }
  }
  return out;
}

const DISABLE_KEY = 'kustomize.toolkit.fluxcd.io/substitute';

/** True when an object opts out of substitution (`kustomize.toolkit.fluxcd.io/substitute: disabled`, annotation or label). */
export function substitutionDisabled(object: unknown): boolean {
  const metadata = asRecord(asRecord(object)?.metadata);
  return (
    asRecord(metadata?.annotations)?.[DISABLE_KEY] === 'disabled' ||
    asRecord(metadata?.labels)?.[DISABLE_KEY] === 'disabled'
  );
}
