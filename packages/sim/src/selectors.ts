import { labelsMatch } from '@triad/analyzers';
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

/** The full Kubernetes label-selector grammar (`a=b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`) over labels. */
export function labelSelector(text: string | null): Test {
  return (object) => labelsMatch(text, object.metadata.labels);
}
