/** One requirement of a label selector, as Kubernetes parses it. */
export interface SelectorRequirement {
  key: string;
  /** `=`/`==` and `!=` compare one value; `in`/`notin` a set; `exists` (`key`) and `!` (`!key`) only the key. */
  operator: 'in' | 'notin' | 'exists' | 'doesnotexist';
  /** The values of `in`/`notin` (one value for `=`, `==`, `!=`). */
  values: string[];
}

/** A parsed selector: every requirement must hold (comma = AND); an empty selector matches everything. */
export type LabelSelector = SelectorRequirement[];

const SET = /^([^\s!=(),]+)\s+(in|notin)\s*\(([^)]*)\)$/;
const EQUALITY = /^([^\s!=(),]+)\s*(==|=|!=)\s*([^\s!=(),]*)$/;
const EXISTS = /^(!?)\s*([^\s!=(),]+)$/;

/**
 * Parses the full Kubernetes label-selector grammar: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`,
 * joined by commas (commas inside parentheses belong to the set). Throws on a term it cannot read.
 */
export function parseLabelSelector(text: string): LabelSelector {
  return splitTerms(text).map((term): SelectorRequirement => {
    const set = SET.exec(term);
    if (set) {
      const values = (set[3] ?? '')
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '');
      return { key: set[1] ?? '', operator: set[2] as 'in' | 'notin', values };
    }
    const equality = EQUALITY.exec(term);
    if (equality) {
      return { key: equality[1] ?? '', operator: equality[2] === '!=' ? 'notin' : 'in', values: [equality[3] ?? ''] };
    }
    const exists = EXISTS.exec(term);
    if (exists) return { key: exists[2] ?? '', operator: exists[1] ? 'doesnotexist' : 'exists', values: [] };
    throw new Error(`Cannot read the label selector term "${term}": write key=value, key in (a,b), key or !key.`);
  });
}

/** True when `labels` satisfy every requirement; a missing key satisfies `notin` and `!key`, as in Kubernetes. */
export function selectorMatches(
  selector: LabelSelector,
  labels: Readonly<Record<string, unknown>> | undefined,
): boolean {
  return selector.every(({ key, operator, values }) => {
    const raw = labels?.[key];
    const present = raw !== undefined && raw !== null;
    const value = present ? String(raw) : undefined;
    switch (operator) {
      case 'exists':
        return present;
      case 'doesnotexist':
        return !present;
      case 'in':
        return value !== undefined && values.includes(value);
      default:
        return value === undefined || !values.includes(value);
    }
  });
}

/** Parses and matches in one step; a selector that does not parse matches nothing, as the API server refuses it. */
export function labelsMatch(
  text: string | undefined | null,
  labels: Readonly<Record<string, unknown>> | undefined,
): boolean {
  if (!text || text.trim() === '') return true;
  try {
    return selectorMatches(parseLabelSelector(text), labels);
  } catch {
    return false;
  }
}

function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(') depth++;
    if (char === ')') depth = Math.max(0, depth - 1);
    if (char === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else current += char;
  }
  terms.push(current);
  return terms.map((t) => t.trim()).filter((t) => t !== '');
}
