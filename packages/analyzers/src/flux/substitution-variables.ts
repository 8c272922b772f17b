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
  if (value !== null && typeof value === 'object' && Object.isFrozen(value)) {
    // A document the parse cache shares: it cannot change, so its variables are found once per process.
    let known = variablesOfShared.get(value);
    if (!known) {
      known = collectVariables(value, new Set());
      variablesOfShared.set(value, known);
    }
    for (const name of known) out.add(name);
    return out;
  }
  return collectVariables(value, out);
}

const variablesOfShared = new WeakMap<object, Set<string>>();

function collectVariables(value: unknown, out: Set<string>): Set<string> {
  if (typeof value === 'string') {
    for (const match of value.matchAll(REFERENCE)) {
      if (match[1] === '$') continue;
      const body = match[2] ?? '';
      const name = NAME.exec(body)?.[0];
      if (!name || DEFAULTS.test(body.slice(name.length))) continue;
      out.add(name);
    }
  } else if (Array.isArray(value)) {
    for (const item of value) collectVariables(item, out);
  } else {
    for (const [key, child] of Object.entries(asRecord(value) ?? {})) {
      collectVariables(key, out);
      collectVariables(child, out);
    }
  }
  return out;
}

/** A Flux variable standing for a whole value, with its default when it has one: `${UID}`, `${UID:=568}`, `${UID:-568}`. */
const WHOLE_VARIABLE = /^\$\{([_a-zA-Z][_a-zA-Z0-9]*)(?::?[-=]([^{}]*))?\}$/;

/** The variable a whole value is (`${APP_UID:=1000}` → APP_UID, default 1000), or undefined for any other value. */
export function wholeVariable(text: string): { name: string; fallback?: string } | undefined {
  const match = WHOLE_VARIABLE.exec(text.trim());
  if (!match) return undefined;
  return match[2] === undefined ? { name: match[1]! } : { name: match[1]!, fallback: match[2] };
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
