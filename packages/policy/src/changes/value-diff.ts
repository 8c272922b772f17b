import { joinItem, joinKey } from './field-path';

/** One difference between two values at a dotted path. */
export interface ValueChange {
  field: string;
  op: 'add' | 'remove' | 'replace';
  before?: unknown;
  after?: unknown;
}

type Plain = Record<string, unknown>;

export function isPlainObject(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

/** Names that identify list items, when every item has a distinct one (containers, volumes, env, ports). */
function itemNames(list: unknown[]): string[] | undefined {
  if (list.length === 0 || !list.every(isPlainObject)) return undefined;
  const names = list.map((item) => (item as Plain).name);
  if (!names.every((n): n is string => typeof n === 'string')) return undefined;
  return new Set(names).size === names.length ? names : undefined;
}

function emit(out: ValueChange[], field: string, op: 'add' | 'remove', value: unknown): void {
  if (isPlainObject(value) && Object.keys(value).length > 0) {
    for (const [key, child] of Object.entries(value)) emit(out, joinKey(field, key), op, child);
    return;
  }
  out.push(op === 'add' ? { field, op, after: value } : { field, op, before: value });
}

/**
 * Structural differences from `before` to `after`. Maps are walked key by key down to leaves; lists of objects are
 * matched by `name` when every item has a distinct one, otherwise by position; a list item added or removed is one
 * change; lists of scalars and scalars are compared whole.
 */
export function diffValues(before: unknown, after: unknown, field = '', out: ValueChange[] = []): ValueChange[] {
  if (deepEqual(before, after)) return out;
  if (isPlainObject(before) && isPlainObject(after)) {
    for (const [key, value] of Object.entries(before)) {
      if (key in after) diffValues(value, after[key], joinKey(field, key), out);
      else emit(out, joinKey(field, key), 'remove', value);
    }
    for (const [key, value] of Object.entries(after)) {
      if (!(key in before)) emit(out, joinKey(field, key), 'add', value);
    }
    return out;
  }
  if (Array.isArray(before) && Array.isArray(after) && before.concat(after).some(isPlainObject)) {
    const beforeNames = itemNames(before);
    const afterNames = itemNames(after);
    if (beforeNames && afterNames) {
      beforeNames.forEach((name, i) => {
        const j = afterNames.indexOf(name);
        if (j >= 0) diffValues(before[i], after[j], joinItem(field, name), out);
        else out.push({ field: joinItem(field, name), op: 'remove', before: before[i] });
      });
      afterNames.forEach((name, j) => {
        if (!beforeNames.includes(name)) out.push({ field: joinItem(field, name), op: 'add', after: after[j] });
      });
      return out;
    }
    for (let i = 0; i < Math.max(before.length, after.length); i++) {
      if (i >= after.length) out.push({ field: joinItem(field, i), op: 'remove', before: before[i] });
      else if (i >= before.length) out.push({ field: joinItem(field, i), op: 'add', after: after[i] });
      else diffValues(before[i], after[i], joinItem(field, i), out);
    }
    return out;
  }
  out.push({ field, op: 'replace', before, after });
  return out;
}
