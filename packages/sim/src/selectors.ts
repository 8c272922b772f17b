import type { SimObject } from './object-store';

type Test = (object: SimObject) => boolean;

function valueAt(object: unknown, path: string): unknown {
  let current = object;
  for (const part of path.split('.')) {
    current = typeof current === 'object' && current !== null ? (current as Record<string, unknown>)[part] : undefined;
  }
  return current;
}

/** `a=b,c!=d` over dotted field paths (`metadata.name`, `type`, `spec.nodeName`…), as the API server reads them. */
export function fieldSelector(text: string | null): Test {
  const tests = (text ?? '')
    .split(',')
    .filter(Boolean)
    .map((term): Test => {
      const match = /^([^!=]+)(!=|==|=)(.*)$/.exec(term.trim());
      if (!match) return () => false;
      const [, path = '', op, expected = ''] = match;
      return (object) => {
        const actual = valueAt(object, path);
        const equal = String(actual ?? '') === expected;
        return op === '!=' ? !equal : equal;
      };
    });
  return (object) => tests.every((test) => test(object));
}

/** `app=x,tier!=db,present` over labels. */
export function labelSelector(text: string | null): Test {
  const tests = (text ?? '')
    .split(',')
    .filter(Boolean)
    .map((term): Test => {
      const match = /^([^!=]+)(!=|==|=)(.*)$/.exec(term.trim());
      if (!match) return (object) => object.metadata.labels?.[term.trim()] !== undefined;
      const [, label = '', op, expected] = match;
      return (object) => {
        const equal = object.metadata.labels?.[label] === expected;
        return op === '!=' ? !equal : equal;
      };
    });
  return (object) => tests.every((test) => test(object));
}
