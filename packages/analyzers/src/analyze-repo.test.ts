import { type Finding, sealRepoFiles } from '@triad/core';
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

describe('analyzeRepo of a sealed file set', () => {
  const privileged = [
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: p, namespace: n}',
    'spec:',
    '  containers:',
    '    - name: c',
    '      image: example.org/c:1.0',
    '      securityContext: {privileged: true}',
    '',
  ].join('\n');

  it('answers a second time from memory: the same frozen findings, in a list of its own', () => {
    const files = sealRepoFiles(new Map([['p.yaml', privileged]]));
    const first = analyzeRepo(files);
    const second = analyzeRepo(files);
    expect(first.map((f) => f.id)).toContain('privileged-container/Pod/n/p/c');
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
    expect(second[0]).toBe(first[0]);
    expect(Object.isFrozen(first[0])).toBe(true);
    // Another set with the same files is analysed on its own, and a set not sealed is never remembered.
    const open = new Map([['p.yaml', privileged]]);
    expect(analyzeRepo(open)[0]).not.toBe(first[0]);
    open.set('p.yaml', privileged.replace('privileged: true', 'privileged: false'));
    expect(analyzeRepo(open).map((f) => f.id)).not.toContain('privileged-container/Pod/n/p/c');
  });

  it('runs again when asked with other checks, a cluster or skipped paths', () => {
    const files = sealRepoFiles(new Map([['p.yaml', privileged]]));
    const all = analyzeRepo(files);
    expect(analyzeRepo(files, { unreadable: ['x.yaml'] })[0]).not.toBe(all[0]);
    expect(analyzeRepo(files, [])).toEqual([]);
  });
});
