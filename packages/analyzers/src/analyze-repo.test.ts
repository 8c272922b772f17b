import type { Finding } from '@triad/core';
import { describe, expect, it } from 'vitest';
import { analyzeRepo, sortFindings } from './analyze-repo';
import type { Check } from './checks/check';

const finding = (id: string, severity: Finding['severity'], file?: string, line?: number): Finding => ({
  id,
  check: 'test',
  severity,
  category: 'docs',
  resource: { kind: 'X', name: id },
  ...(file ? { file } : {}),
  ...(line ? { line } : {}),
  message: id,
  fixable: false,
});

describe('analyzeRepo', () => {
  it('orders findings by severity, then file, then line, whatever order the checks return them in', () => {
    const shuffled = [
      finding('low-a', 'low', 'a.yaml', 1),
      finding('high-b-9', 'high', 'b.yaml', 9),
      finding('high-b-2', 'high', 'b.yaml', 2),
      finding('critical-z', 'critical', 'z.yaml', 1),
      finding('high-a', 'high', 'a.yaml', 30),
    ];
    const check: Check = { id: 'test', description: 'returns fixed findings', run: () => shuffled };
    expect(analyzeRepo(new Map(), [check]).map((f) => f.id)).toEqual([
      'critical-z',
      'high-a',
      'high-b-2',
      'high-b-9',
      'low-a',
    ]);
    expect(sortFindings([...shuffled].reverse())).toEqual(analyzeRepo(new Map(), [check]));
  });

  it('reports a finding that several variants of one object repeat once, and keeps one id found at two lines', () => {
    const repeated = [
      finding('shared', 'high', 'a.yaml', 3),
      finding('shared', 'high', 'a.yaml', 3),
      finding('two-pods', 'high', 'b.yaml', 10),
      finding('two-pods', 'high', 'b.yaml', 40),
    ];
    const check: Check = { id: 'test', description: 'returns fixed findings', run: () => repeated };
    expect(analyzeRepo(new Map(), [check]).map((f) => [f.id, f.line])).toEqual([
      ['shared', 3],
      ['two-pods', 10],
      ['two-pods', 40],
    ]);
  });

  it('runs every check on the same parsed repo', () => {
    const seen: number[] = [];
    const counting: Check = {
      id: 'count',
      description: 'counts documents',
      run: (context) => {
        seen.push(context.documents.length);
        return [];
      },
    };
    analyzeRepo(new Map([['a.yaml', 'kind: A\n---\nkind: B\n']]), [counting, counting]);
    expect(seen).toEqual([2, 2]);
  });
});
